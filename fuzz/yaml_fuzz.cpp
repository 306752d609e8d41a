// Fuzz target: the YAML front end every loader shares — parse_yaml (syntax errors, the
// alias-expansion check, nesting depth), then, on every scalar of the
// document, the conversions the loaders apply (string, date, list, expression with offsets
// mapped back into the file).
#include <memory>
#include <vector>

#include "load/yaml_doc.h"
#include "support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord::internal;
  fuzz::Bounds bounds("yaml", size, 500, 50);
  auto file = std::make_shared<const SourceFile>("doc.yaml", std::string(fuzz::text_of(data, size)));
  Diagnostics d;
  if (const auto root = parse_yaml(file, d)) {
    // Walk at most as many nodes as the file has bytes (parse_yaml bounds alias expansion).
    std::vector<yaml::Node> todo = {*root};
    std::size_t budget = size + 16;
    while (!todo.empty() && budget-- > 0) {
      const yaml::Node n = todo.back();
      todo.pop_back();
      if (n.IsMap()) {
        for (const auto& kv : n) todo.push_back(kv.second);
      } else if (n.IsSequence()) {
        for (const auto& item : n) todo.push_back(item);
        as_string_list(file, n, d);
      } else if (n.IsScalar()) {
        as_string(file, n, d);
        as_date(file, n, d);
        as_expr(file, n, d);
      }
      if (d.saturated(file->path())) break;
    }
  }
  bounds.check_output(d.str().size());
  return 0;
}
