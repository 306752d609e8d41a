#include "load/yaml_doc.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/utf8.h"
#include "parse/parser.h"

namespace accord::internal {

namespace {

bool all_blank(const std::string& t, size_t from) {
  for (size_t i = from; i < t.size(); ++i)
    if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r') return false;
  return true;
}

// Past a node's properties (an anchor `&name`, a tag `!tag`): libyaml marks a node there,
// before its value.
size_t skip_properties(const std::string& t, size_t j) {
  while (j < t.size() && (t[j] == '&' || t[j] == '!')) {
    while (j < t.size() && t[j] != ' ' && t[j] != '\t' && t[j] != '\n' && t[j] != '\r') ++j;
    while (j < t.size() && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r')) ++j;
  }
  return j;
}

// libyaml's problem in the words of someone writing rules: where a bracket or a quote was
// left open, a ': ' that starts a key inside a value, a line out of step with its neighbours.
std::pair<size_t, std::string> syntax_message(const SourceFile& file, const yaml::Error& e) {
  const std::string& t = file.text();
  auto at = [&](size_t off) {
    const SourcePos p = file.pos(off);
    return std::to_string(p.line) + ":" + std::to_string(p.col);
  };
  const std::string& c = e.context;
  if (e.problem.rfind("did not find expected ','", 0) == 0 &&
      (c == "while parsing a flow mapping" || c == "while parsing a flow sequence")) {
    const bool map = c == "while parsing a flow mapping";
    const std::string open(1, map ? '{' : '['), close(1, map ? '}' : ']');
    if (all_blank(t, e.offset)) return {e.context_offset, "YAML syntax error: this '" + open + "' is never closed"};
    return {e.offset, "YAML syntax error: expected ',' or '" + close + "' to continue or close the '" + open + "' at " +
                          at(e.context_offset)};
  }
  if (c == "while scanning a quoted scalar" && e.problem == "found unexpected end of stream") {
    const char q = e.context_offset < t.size() ? t[e.context_offset] : '"';
    return {e.context_offset,
            std::string("YAML syntax error: this ") + (q == '\'' ? "\"'\"" : "'\"'") + " string is never closed"};
  }
  if (e.problem == "mapping values are not allowed in this context")
    return {e.offset,
            "YAML syntax error: ': ' is not allowed here (': ' inside a plain value starts a new key: write the value "
            "as a block, `when: >-` with the text indented below, or quote it)"};
  if (e.problem == "did not find expected key" && c == "while parsing a block mapping")
    return {e.offset, "YAML syntax error: this is not a key of the mapping at " + at(e.context_offset) +
                          ": line keys up with their neighbours, and keep a quoted value's text inside its quotes"};
  if (e.problem == "did not find expected '-' indicator" && c == "while parsing a block collection")
    return {e.offset, "YAML syntax error: expected the next item ('- ') of the list at " + at(e.context_offset) +
                          ": a key of the item above must be indented like its other keys"};
  std::string m = "YAML syntax error: " + e.problem;
  if (!c.empty() && e.context_offset != e.offset) m += " (" + c + " at " + at(e.context_offset) + ")";
  return {e.offset, m};
}

}  // namespace

std::optional<yaml::Node> parse_yaml(const SourceRef& file, Diagnostics& diags) {
  auto r = yaml::parse(file->text());
  if (auto* e = std::get_if<yaml::Error>(&r)) {
    switch (e->what) {
      case yaml::Error::What::TooDeep:
        diags.error_at(*file, e->offset,
                       "YAML nesting is too deep: the limit is " + std::to_string(yaml::kMaxDepth) + " levels");
        break;
      case yaml::Error::What::TooExpanded:
        diags.error_at(*file, e->offset,
                       "YAML aliases repeat this too often: with each alias (*name) copied out, the file would be "
                       "over " + std::to_string(yaml::kMaxExpansion) + " times its size");
        break;
      case yaml::Error::What::UnknownAlias:
        diags.error_at(*file, e->offset,
                       "YAML syntax error: unknown alias '*" + e->problem + "': its anchor '&" + e->problem +
                           "' must come before it");
        break;
      case yaml::Error::What::Encoding:
        // libyaml also stops at a control character here.
        diags.error_at(*file, e->offset,
                       e->problem.find("UTF-8") != std::string::npos
                           ? "not UTF-8 text: " + e->problem + " (YAML files are UTF-8: save the file as UTF-8)"
                           : "YAML syntax error: " + e->problem);
        break;
      case yaml::Error::What::SecondDocument:
        diags.error_at(*file, e->offset,
                       "a second YAML document ('---'): Accord reads one document per file; move it to a file of "
                       "its own");
        break;
      case yaml::Error::What::Syntax: {
        const auto [off, message] = syntax_message(*file, *e);
        diags.error_at(*file, off, message);
        break;
      }
    }
    return std::nullopt;
  }
  yaml::Node root = std::get<yaml::Node>(std::move(r));
  if (!root.IsDefined() || root.IsNull()) {
    diags.error_at(*file, 0, "empty file: expected a YAML mapping");
    return std::nullopt;
  }
  return root;
}

Loc loc_of(const SourceRef& file, const yaml::Node& node) { return {file, node.offset()}; }

static const char* kind_word(const yaml::Node& n) {
  switch (n.Type()) {
    case yaml::Kind::Map: return "a mapping";
    case yaml::Kind::Sequence: return "a list";
    case yaml::Kind::Scalar: return "a scalar";
    default: return "nothing";
  }
}

MapReader::MapReader(const SourceRef& file, const yaml::Node& node, std::string what,
                     std::initializer_list<const char*> allowed, Diagnostics& diags)
    : MapReader(file, node, std::move(what), std::vector<std::string>(allowed.begin(), allowed.end()), diags) {}

MapReader::MapReader(const SourceRef& file, const yaml::Node& node, std::string what,
                     std::vector<std::string> allowed, Diagnostics& diags)
    : file_(file), node_(node), what_(std::move(what)), allowed_(std::move(allowed)), diags_(diags) {
  if (!node.IsMap()) {
    diags_.error_at(*file_, loc_of(file_, node).offset,
                    what_ + " must be a mapping, found " + kind_word(node));
    ok_ = false;
    return;
  }
  const std::vector<std::string>& names = allowed_;
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
      diags_.error_at(*file_, off, unknown_key_message(key));
      ok_ = false;
    }
  }
}

// Keys of a nested block written one level too far out ("rule:" beside "consent:" instead of
// under it): say where they belong rather than suggest a look-alike key.
std::string MapReader::unknown_key_message(const std::string& key) const {
  auto allows = [&](const char* k) { return std::find(allowed_.begin(), allowed_.end(), k) != allowed_.end(); };
  if (key == "rule" && allows("consent"))
    return "'rule' belongs under 'consent:' (indent it inside the consent block, beside 'from:')";
  if (key == "to" && allows("effective"))
    return "'to' belongs under 'effective:' (indent it inside the effective block, beside 'from:')";
  if (key == "from" && allows("consent") && allows("effective"))
    return "'from' belongs under 'consent:' (the parties asked) or 'effective:' (the date the clause starts to apply); "
           "indent it inside that block";
  return with_suggestion("unknown key '" + key + "' in " + what_, key, allowed_);
}

void MapReader::get_text(const char* key, std::string& out) const {
  if (auto v = get(key); v.IsDefined()) out = as_string(file_, v, diags_).value_or("");
}

yaml::Node MapReader::get(const char* key) const {
  if (!node_.IsMap()) return {};
  for (const auto& kv : node_)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
  return {};
}

yaml::Node MapReader::require(const char* key) {
  yaml::Node n = get(key);
  if (!n.IsDefined()) {
    diags_.error_at(*file_, loc_of(file_, node_).offset,
                    "missing required key '" + std::string(key) + "' in " + what_);
    ok_ = false;
  }
  return n;
}

Loc MapReader::loc(const char* key) const {
  if (key) {
    yaml::Node n = get(key);
    if (n.IsDefined()) return loc_of(file_, n);
  }
  return loc_of(file_, node_);
}

std::optional<std::size_t> as_name_index(const SourceRef& f, const yaml::Node& n, const std::vector<std::string>& names,
                                         const char* what, Diagnostics& d) {
  auto s = as_string(f, n, d);
  if (!s) return std::nullopt;
  if (auto it = std::find(names.begin(), names.end(), *s); it != names.end())
    return static_cast<std::size_t>(it - names.begin());
  std::string message = with_suggestion(std::string("unknown ") + what + " '" + *s + "'", *s, names);
  if (nearest(*s, names).empty()) {
    message += " (one of: ";
    for (std::size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + names[i];
    message += ")";
  }
  d.error_at(*f, loc_of(f, n).offset, message);
  return std::nullopt;
}

std::optional<std::string> as_string(const SourceRef& f, const yaml::Node& n, Diagnostics& d) {
  if (!n.IsScalar()) {
    d.error_at(*f, loc_of(f, n).offset, std::string("expected a string, found ") + kind_word(n));
    return std::nullopt;
  }
  // Text is shown on terminals and written to JSON: control characters and invalid UTF-8 are
  // made visible here, once, rather than at every place that prints it.
  return terminal_safe(n.Scalar());
}

std::optional<Date> as_date(const SourceRef& f, const yaml::Node& n, Diagnostics& d) {
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

std::optional<std::vector<std::string>> as_string_list(const SourceRef& f, const yaml::Node& n,
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

std::optional<std::vector<MapEntry>> as_entries(const SourceRef& f, const yaml::Node& n,
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

// Length in the source and bytes produced in the value of the double-quoted escape at t[j]
// (a backslash). libyaml writes \x, \u and \U as UTF-8.
static std::pair<size_t, size_t> dq_escape(const std::string& t, size_t j) {
  const char n = j + 1 < t.size() ? t[j + 1] : 0;
  size_t digits = n == 'x' ? 2 : n == 'u' ? 4 : n == 'U' ? 8 : 0;
  if (digits == 0) {
    if (n == 'N' || n == '_') return {2, 2};  // U+0085, U+00A0
    if (n == 'L' || n == 'P') return {2, 3};  // U+2028, U+2029
    return {2, 1};
  }
  unsigned long cp = 0;
  for (size_t k = 0; k < digits; ++k) {
    const char h = j + 2 + k < t.size() ? t[j + 2 + k] : 0;
    const int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
    if (v < 0) return {2, 1};
    cp = cp * 16 + static_cast<unsigned long>(v);
  }
  return {2 + digits, cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u};
}

std::vector<std::uint32_t> map_scalar_offsets(const SourceFile& file, std::size_t start,
                                              const std::string& value) {
  const std::string& t = file.text();
  std::size_t j = skip_properties(t, start);
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
  // A double-quoted escape maps the bytes it produces to itself: to the escaped character when
  // it stands for itself (\" \\), else to its backslash.
  for (std::size_t i = 0; i < value.size();) {
    const char c = value[i];
    while (j < t.size() && t[j] != c && !(style == '"' && t[j] == '\\')) {
      const char s = t[j];
      const bool skippable = s == ' ' || s == '\t' || s == '\n' || s == '\r' ||
                             (style == '\'' && s == '\'');
      if (!skippable) break;
      ++j;
    }
    if (style == '"' && j + 1 < t.size() && t[j] == '\\') {
      if (t[j + 1] == '\n' || t[j + 1] == '\r') {  // an escaped line break produces nothing
        j += 2;
        continue;
      }
      const auto [len, bytes] = dq_escape(t, j);
      // \" \\ \/ map to the character itself (after the backslash); \t, \x41... to the backslash.
      const std::size_t at = bytes == 1 && t[j + 1] == value[i] ? j + 1 : j;
      for (std::size_t k = 0; k < bytes && i < value.size(); ++k, ++i)
        out.push_back(static_cast<std::uint32_t>(at));
      j = std::min(t.size(), j + len);
      continue;
    }
    out.push_back(static_cast<std::uint32_t>(std::min(j, t.size())));
    if (j < t.size() && t[j] == c) ++j;
    ++i;
  }
  out.push_back(static_cast<std::uint32_t>(std::min(j, t.size())));
  return out;
}

// A parse error where a line of a block scalar starts with `word:` is almost always a key that
// is indented as deep as the block's text, so YAML folded it into the expression. Returns the
// message that says so ("`effect:` is indented inside the `when:` block ...") and sets `key_at`
// to the key's offset in the expression; "" when the error is something else.
static std::string swallowed_key(const SourceFile& file, const SourceExpr& e, std::size_t at, std::size_t& key_at) {
  const std::string& t = file.text();
  for (std::size_t i = at; i < e.text.size(); ++i) {
    const std::size_t off = e.file_offsets[i];
    std::size_t bol = off;
    while (bol > 0 && (t[bol - 1] == ' ' || t[bol - 1] == '\t')) --bol;
    if (bol > 0 && t[bol - 1] != '\n') continue;  // not the first word of a line
    std::size_t end = off;
    while (end < t.size() && (std::isalnum(static_cast<unsigned char>(t[end])) || t[end] == '_')) ++end;
    if (end == off || end >= t.size() || t[end] != ':' || (end + 1 < t.size() && t[end + 1] != ' ' && t[end + 1] != '\n')) continue;
    // The block's own key: the word before ':' on the line of its `>` or `|` header.
    std::size_t head = e.file_offsets[0];
    while (head > 0 && t[head - 1] != '\n') --head;  // the first line of the text
    std::size_t hl = head > 0 ? head - 1 : 0;
    while (hl > 0 && t[hl - 1] != '\n') --hl;        // the header line
    std::size_t k = hl;
    while (k < t.size() && (t[k] == ' ' || t[k] == '-')) ++k;
    std::size_t ke = k;
    while (ke < t.size() && (std::isalnum(static_cast<unsigned char>(t[ke])) || t[ke] == '_')) ++ke;
    const std::string key = t.substr(off, end - off);
    key_at = i;
    const std::string block = ke > k && ke < t.size() && t[ke] == ':' ? t.substr(k, ke - k) : "the";
    return "`" + key + ":` is indented inside the `" + block + ":` block, so YAML reads it as part of the expression; "
           "move it left to line up with `" + block + ":`";
  }
  return {};
}

std::optional<SourceExpr> make_source_expr(const SourceRef& f, std::string text,
                                           std::vector<std::uint32_t> offsets, Diagnostics& d) {
  SourceExpr e;
  e.file = f;
  e.text = std::move(text);
  e.file_offsets = std::move(offsets);
  ParseResult r = parse_expression(e.text);
  if (auto* err = std::get_if<ParseError>(&r)) {
    // An error at the very end ("expected an expression" after a trailing `and`) points just
    // past the last character, not past the final line break that block scalars keep (which
    // would land on the next line of the file).
    const std::size_t last = e.text.find_last_not_of(" \t\r\n");
    const std::size_t end = last == std::string::npos ? 0 : last + 1;
    const std::size_t at = std::min(err->offset, end);
    std::size_t key_at = at;
    if (const std::string hint = swallowed_key(*f, e, at, key_at); !hint.empty()) {
      d.error_at(*f, e.loc(key_at).offset, hint);
    } else {
      d.error_at(*f, e.loc(at).offset, err->message);
    }
    return std::nullopt;
  }
  e.ast = std::move(std::get<Expr>(r));
  return e;
}

std::optional<SourceExpr> as_expr(const SourceRef& f, const yaml::Node& n, Diagnostics& d) {
  if (!n.IsScalar()) {
    d.error_at(*f, loc_of(f, n).offset,
               std::string("expected an expression (a string), found ") + kind_word(n));
    return std::nullopt;
  }
  const std::string& text = n.Scalar();
  return make_source_expr(f, text, map_scalar_offsets(*f, loc_of(f, n).offset, text), d);
}

}  // namespace accord::internal
