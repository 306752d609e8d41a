#include "load/yaml_doc.h"

#include <set>

#include "parse/parser.h"

namespace accord {



std::optional<YAML::Node> parse_yaml(const SourceRef& file, Diagnostics& diags) {
  try {
    YAML::Node root = YAML::Load(file->text());
    if (!root.IsDefined() || root.IsNull()) {
      diags.error_at(*file, 0, "empty file: expected a YAML mapping");
      return std::nullopt;
    }
    return root;
  } catch (const YAML::Exception& e) {
    const size_t off = file->offset(e.mark.line, e.mark.column);
    diags.error_at(*file, off, "YAML syntax error: " + e.msg);
    return std::nullopt;
  }
}

Loc loc_of(const SourceRef& file, const YAML::Node& node) {
  const YAML::Mark m = node.Mark();
  if (m.line < 0) return {file, 0};
  return {file, file->offset(m.line, m.column)};
}

static const char* kind_word(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Null: return "nothing";
    default: return "nothing";
  }
}

MapReader::MapReader(const SourceRef& file, const YAML::Node& node, std::string what,
                     std::initializer_list<const char*> allowed, Diagnostics& diags)
    : file_(file), node_(node), what_(std::move(what)), diags_(diags) {
  if (!node.IsMap()) {
    diags_.error_at(*file_, loc_of(file_, node).offset,
                    what_ + " must be a mapping, found " + kind_word(node));
    ok_ = false;
    return;
  }
  const std::vector<std::string> names(allowed.begin(), allowed.end());
  std::set<std::string> seen;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      diags_.error_at(*file_, loc_of(file_, kv.first).offset, "keys must be plain words");
      ok_ = false;
      continue;
    }
    const std::string key = kv.first.Scalar();
    const size_t off = loc_of(file_, kv.first).offset;
    if (!seen.insert(key).second) {
      diags_.error_at(*file_, off, "duplicate key '" + key + "' in " + what_);
      ok_ = false;
    } else if (std::find(names.begin(), names.end(), key) == names.end()) {
      diags_.error_at(*file_, off,
                      with_suggestion("unknown key '" + key + "' in " + what_, key, names));
      ok_ = false;
    }
  }
}

YAML::Node MapReader::get(const char* key) const {
  if (!node_.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& kv : node_)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
  return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node MapReader::require(const char* key) {
  YAML::Node n = get(key);
  if (!n.IsDefined()) {
    diags_.error_at(*file_, loc_of(file_, node_).offset,
                    "missing required key '" + std::string(key) + "' in " + what_);
    ok_ = false;
  }
  return n;
}

Loc MapReader::loc(const char* key) const {
  if (key) {
    YAML::Node n = get(key);
    if (n.IsDefined()) return loc_of(file_, n);
  }
  return loc_of(file_, node_);
}

std::optional<std::string> as_string(const SourceRef& f, const YAML::Node& n, Diagnostics& d) {
  if (!n.IsScalar()) {
    d.error_at(*f, loc_of(f, n).offset, std::string("expected a string, found ") + kind_word(n));
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<Date> as_date(const SourceRef& f, const YAML::Node& n, Diagnostics& d) {
  if (!n.IsScalar()) {
    d.error_at(*f, loc_of(f, n).offset,
               std::string("expected a date (YYYY-MM-DD), found ") + kind_word(n));
    return std::nullopt;
  }
  auto date = parse_date(n.Scalar());
  if (!date) {
    d.error_at(*f, loc_of(f, n).offset,
               "'" + n.Scalar() + "' is not a date: expected YYYY-MM-DD with a real calendar day");
    return std::nullopt;
  }
  return date;
}

std::optional<std::vector<std::string>> as_string_list(const SourceRef& f, const YAML::Node& n,
                                                       Diagnostics& d) {
  if (!n.IsSequence()) {
    d.error_at(*f, loc_of(f, n).offset, std::string("expected a list, found ") + kind_word(n));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const auto& item : n) {
    auto s = as_string(f, item, d);
    if (s) out.push_back(*s); else ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<MapEntry>> as_entries(const SourceRef& f, const YAML::Node& n,
                                                const std::string& what, Diagnostics& d) {
  if (!n.IsMap()) {
    d.error_at(*f, loc_of(f, n).offset, what + " must be a mapping, found " + kind_word(n));
    return std::nullopt;
  }
  std::vector<MapEntry> out;
  std::set<std::string> seen;
  bool ok = true;
  for (const auto& kv : n) {
    const Loc kl = loc_of(f, kv.first);
    if (!kv.first.IsScalar()) {
      d.error_at(*f, kl.offset, "keys must be plain words");
      ok = false;
      continue;
    }
    if (!seen.insert(kv.first.Scalar()).second) {
      d.error_at(*f, kl.offset, "duplicate key '" + kv.first.Scalar() + "' in " + what);
      ok = false;
      continue;
    }
    out.push_back({kv.first.Scalar(), kl, kv.second});
  }
  if (!ok) return std::nullopt;
  return out;
}

std::vector<std::uint32_t> map_scalar_offsets(const SourceFile& file, std::size_t start,
                                              const std::string& value) {
  const std::string& t = file.text();
  std::size_t j = start;
  char style = j < t.size() ? t[j] : ' ';
  if (style == '>' || style == '|') {
    j = t.find('\n', j);  // content starts on the line after the block header
    j = j == std::string::npos ? t.size() : j + 1;
  } else if (style == '"' || style == '\'') {
    ++j;
  } else {
    style = 0;
  }
  std::vector<std::uint32_t> out;
  out.reserve(value.size() + 1);
  // Greedy alignment: every character of the value is found, in order, in the source; what
  // the YAML scanner removed (indentation, folded line breaks, quote escapes) is skipped.
  for (char c : value) {
    while (j < t.size() && t[j] != c) {
      const char s = t[j];
      const bool skippable = s == ' ' || s == '\t' || s == '\n' || s == '\r' ||
                             (style == '\'' && s == '\'') || (style == '"' && s == '\\');
      if (!skippable) break;
      ++j;
    }
    out.push_back(static_cast<std::uint32_t>(std::min(j, t.size())));
    if (j < t.size() && t[j] == c) ++j;
  }
  out.push_back(static_cast<std::uint32_t>(std::min(j, t.size())));
  return out;
}

std::optional<SourceExpr> make_source_expr(const SourceRef& f, std::string text,
                                           std::vector<std::uint32_t> offsets, Diagnostics& d) {
  SourceExpr e;
  e.file = f;
  e.text = std::move(text);
  e.file_offsets = std::move(offsets);
  ParseResult r = parse_expression(e.text);
  if (auto* err = std::get_if<ParseError>(&r)) {
    d.error_at(*f, e.loc(err->offset).offset, err->message);
    return std::nullopt;
  }
  e.ast = std::move(std::get<Expr>(r));
  return e;
}

std::optional<SourceExpr> as_expr(const SourceRef& f, const YAML::Node& n, Diagnostics& d) {
  if (!n.IsScalar()) {
    d.error_at(*f, loc_of(f, n).offset,
               std::string("expected an expression (a string), found ") + kind_word(n));
    return std::nullopt;
  }
  const std::string& text = n.Scalar();
  return make_source_expr(f, text, map_scalar_offsets(*f, loc_of(f, n).offset, text), d);
}

}  // namespace accord
