// docs/exercises.md shows a shipped exercise annotated line by line. The annotations must be
// the only difference: the YAML block parses to exactly the shipped file.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "support/yaml_file.h"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The first ```yaml block after `heading`.
std::string yaml_block_after(const std::string& doc, const std::string& heading) {
  const auto h = doc.find("\n" + heading + "\n");
  if (h == std::string::npos) return "";
  const std::string open = "\n```yaml\n";
  const auto b = doc.find(open, h);
  if (b == std::string::npos) return "";
  const auto start = b + open.size();
  const auto end = doc.find("\n```", start);
  return end == std::string::npos ? "" : doc.substr(start, end - start + 1);
}

TEST(ScenarioDocs, AnnotatedExampleIsTheShippedManasFile) {
  const std::string doc = slurp(std::string(ACCORD_REPO) + "/docs/exercises.md");
  const std::string block = yaml_block_after(doc, "## A fully annotated example");
  ASSERT_FALSE(block.empty()) << "no ```yaml block after '## A fully annotated example'";
  EXPECT_NE(block.find("\n# "), std::string::npos) << "the example should be annotated";
  const auto annotated = accord::test::parse_yaml_text(block, "the annotated example");
  const auto shipped = accord::test::load_yaml_file(std::string(ACCORD_REPO) + "/scenarios/manas-2001-2014.yaml");
  EXPECT_EQ(accord::test::dump_yaml(annotated), accord::test::dump_yaml(shipped));
}

}  // namespace
