#include "load/yaml_doc.h"

#include <algorithm>

#include <cctype>
#include <cstring>
#include <set>
#include <sstream>
#include <unordered_set>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include "core/utf8.h"
#include "parse/parser.h"

namespace accord::internal {



namespace {

bool all_blank(const std::string& t, size_t from) {
  for (size_t i = from; i < t.size(); ++i)
    if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r') return false;
  return true;
}

// Past a node's properties (an anchor `&name`, a tag `!tag`): yaml-cpp marks a node there,
// before its value.
size_t skip_properties(const std::string& t, size_t j) {
  while (j < t.size() && (t[j] == '&' || t[j] == '!')) {
    while (j < t.size() && t[j] != ' ' && t[j] != '\t' && t[j] != '\n' && t[j] != '\r') ++j;
    while (j < t.size() && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r')) ++j;
  }
  return j;
}

// Records where the flow collections ('{', '[') still open are, so that a "not closed"
// error can point at the bracket that was opened rather than where yaml-cpp gave up.
struct OpenFlows : YAML::EventHandler {
  struct Open { YAML::Mark mark; bool map; bool flow; };
  std::vector<Open> open;
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value s) override {
    open.push_back({m, false, s == YAML::EmitterStyle::Flow});
  }
  void OnSequenceEnd() override { if (!open.empty()) open.pop_back(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value s) override {
    open.push_back({m, true, s == YAML::EmitterStyle::Flow});
  }
  void OnMapEnd() override { if (!open.empty()) open.pop_back(); }
};

// yaml-cpp's "end of map/sequence flow not found", made specific: at the end of the file it
// means the '{' or '[' was never closed (reported at that bracket); elsewhere a ',' or the
// closing bracket was expected at the reported place.
void report_flow_error(const SourceRef& file, size_t off, bool map, Diagnostics& diags) {
  OpenFlows h;
  try {
    // Parsed again with a final line break: at the end of a file without one, yaml-cpp marks
    // the start of the last line instead of the end of the file.
    std::string text = file->text();
    if (!text.empty() && text.back() != '\n') text += '\n';
    std::istringstream in(text);
    YAML::Parser parser(in);
    parser.HandleNextDocument(h);
  } catch (const YAML::Exception& e) {
    off = file->offset(e.mark.line, e.mark.column);
  }
  const char open = map ? '{' : '[', close = map ? '}' : ']';
  for (auto it = h.open.rbegin(); it != h.open.rend(); ++it) {
    if (!it->flow || it->map != map || it->mark.line < 0) continue;
    const size_t at = file->offset(it->mark.line, it->mark.column);
    if (at >= file->text().size() || file->text()[at] != open) break;
    if (all_blank(file->text(), off)) {
      diags.error_at(*file, at, std::string("YAML syntax error: this '") + open + "' is never closed");
    } else {
      const SourcePos p = file->pos(at);
      diags.error_at(*file, off, std::string("YAML syntax error: expected ',' or '") + close +
                                     "' to continue or close the '" + open + "' at " +
                                     std::to_string(p.line) + ":" + std::to_string(p.col));
    }
    return;
  }
  diags.error_at(*file, off, std::string("YAML syntax error: expected ',' or '") + close + "'");
}

// The outermost '[' or '{' of the most deeply nested run of flow collections, or npos when no
// run is deeper than a plausible document's (quoted strings and comments skipped).
size_t deepest_flow_run(std::string_view t) {
  constexpr int kDeep = 64;
  int depth = 0, deepest = 0;
  size_t outer = std::string::npos, found = std::string::npos;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '"') {
      while (++i < t.size() && t[i] != '"')
        if (t[i] == '\\') ++i;
    } else if (c == '\'' && (i == 0 || std::strchr(" \t\n[{,:", t[i - 1]))) {
      while (++i < t.size() && !(t[i] == '\'' && (i + 1 >= t.size() || t[i + 1] != '\'')))
        if (t[i] == '\'') ++i;
    } else if (c == '#' && (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\n')) {
      while (i < t.size() && t[i] != '\n') ++i;
    } else if (c == '[' || c == '{') {
      if (depth++ == 0) outer = i;
      if (depth > deepest) deepest = depth, found = outer;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest > kDeep ? found : std::string::npos;
}

// Read with every alias (*name) copied out, a file may be at most this many times its size
// (plus a little for short files): a few aliases to a long string, or to a mapping holding more
// aliases, would otherwise make every later step pay length x repeats.
constexpr std::size_t kMaxExpansion = 16;
constexpr std::size_t kExpansionSlack = 64 * 1024;

// One walk of the tree, aliases included, for what yaml-cpp accepts but Accord must not:
// - a quoted scalar that runs to the end of the file without its closing quote (only the last
//   scalar can, but finding it means walking the tree);
// - aliases that expand the document past kMaxExpansion times its size (counted in nodes and
//   scalar bytes), reported at the repeated node.
// True when it reported an error.
bool check_tree(const SourceRef& file, const YAML::Node& root, Diagnostics& diags) {
  const std::string& t = file->text();
  const std::size_t limit = kMaxExpansion * t.size() + kExpansionSlack;
  std::size_t expanded = 0;  // nodes visited plus scalar bytes, aliases counted each time
  std::vector<YAML::Node> todo = {root};
  std::unordered_set<size_t> scanned;  // quoted scalars already scanned, by offset
  while (!todo.empty()) {
    YAML::Node n = todo.back();
    todo.pop_back();
    expanded += 1 + (n.IsScalar() ? n.Scalar().size() : 0);
    if (expanded > limit) {
      diags.error_at(*file, loc_of(file, n).offset,
                     "YAML aliases repeat this too often: with each alias (*name) copied out, the file would "
                     "be over " + std::to_string(kMaxExpansion) + " times its size");
      return true;
    }
    if (n.IsMap()) {
      for (const auto& kv : n) todo.push_back(kv.first), todo.push_back(kv.second);
    } else if (n.IsSequence()) {
      for (const auto& item : n) todo.push_back(item);
    } else if (n.IsScalar() && n.Mark().line >= 0) {
      const size_t m = skip_properties(t, file->offset(n.Mark().line, n.Mark().column));
      if (m >= t.size() || (t[m] != '"' && t[m] != '\'')) continue;
      if (!scanned.insert(m).second) continue;  // an alias of a scalar already scanned
      const char q = t[m];
      size_t i = m + 1;
      for (; i < t.size(); ++i) {
        if (q == '"' && t[i] == '\\') ++i;
        else if (q == '\'' && t[i] == '\'' && i + 1 < t.size() && t[i + 1] == '\'') ++i;
        else if (t[i] == q) break;
      }
      if (i >= t.size()) {
        diags.error_at(*file, m, std::string("YAML syntax error: this ") +
                                     (q == '"' ? "'\"'" : "\"'\"") + " string is never closed");
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::optional<YAML::Node> parse_yaml(const SourceRef& file, Diagnostics& diags) {
  try {
    YAML::Node root = YAML::Load(file->text());
    if (!root.IsDefined() || root.IsNull()) {
      diags.error_at(*file, 0, "empty file: expected a YAML mapping");
      return std::nullopt;
    }
    if (check_tree(file, root, diags)) return std::nullopt;
    return root;
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp marks where it gave up, often the far end of the nesting: point at its start.
    const size_t start = deepest_flow_run(file->text());
    diags.error_at(*file, start != std::string::npos ? start : file->offset(e.mark.line, e.mark.column),
                   "YAML nesting is too deep: the limit is " + std::to_string(e.depth() - 1) + " levels");
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    const size_t off = file->offset(e.mark.line, e.mark.column);
    if (e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW || e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW)
      report_flow_error(file, off, e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW, diags);
    else
      // A quantifier's ':' in a plain scalar is the usual cause: say what to do about it.
      diags.error_at(*file, off, "YAML syntax error: " + e.msg +
                                     (e.msg == YAML::ErrorMsg::MAP_VALUE
                                          ? " (': ' inside a plain value starts a new key: write the value as a "
                                            "block, `when: >-` with the text indented below, or quote it)"
                                          : ""));
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
    : MapReader(file, node, std::move(what), std::vector<std::string>(allowed.begin(), allowed.end()), diags) {}

MapReader::MapReader(const SourceRef& file, const YAML::Node& node, std::string what,
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

std::optional<std::size_t> as_name_index(const SourceRef& f, const YAML::Node& n, const std::vector<std::string>& names,
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

std::optional<std::string> as_string(const SourceRef& f, const YAML::Node& n, Diagnostics& d) {
  if (!n.IsScalar()) {
    d.error_at(*f, loc_of(f, n).offset, std::string("expected a string, found ") + kind_word(n));
    return std::nullopt;
  }
  // Text is shown on terminals and written to JSON: control characters and invalid UTF-8 are
  // made visible here, once, rather than at every place that prints it.
  return terminal_safe(n.Scalar());
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

// Length in the source and bytes produced in the value of the double-quoted escape at t[j]
// (a backslash). yaml-cpp writes \x, \u and \U as UTF-8.
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

std::optional<SourceExpr> as_expr(const SourceRef& f, const YAML::Node& n, Diagnostics& d) {
  if (!n.IsScalar()) {
    d.error_at(*f, loc_of(f, n).offset,
               std::string("expected an expression (a string), found ") + kind_word(n));
    return std::nullopt;
  }
  const std::string& text = n.Scalar();
  return make_source_expr(f, text, map_scalar_offsets(*f, loc_of(f, n).offset, text), d);
}

}  // namespace accord::internal
