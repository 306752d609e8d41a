// yaml_doc: the YAML helpers every loader shares. Above all map_scalar_offsets, which lets an
// error inside an expression written in a YAML string point at the right place in the file,
// whatever the scalar style (plain, quoted, folded, literal, over several lines).
#include "load/yaml_doc.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "support/fixture.h"
#include "support/yaml_file.h"

namespace accord::internal {
namespace {

using fx::contains;

struct Mapped {
  SourceRef file;
  std::string value;
  std::size_t start = 0;
  std::vector<std::uint32_t> offs;
};

// Maps the scalar under `key` of a one-level mapping document.
Mapped map_key(const std::string& text, const char* key) {
  Mapped m;
  m.file = std::make_shared<const SourceFile>("t.yaml", text);
  const yaml::Node n = accord::test::parse_yaml_text(text)[key];
  EXPECT_TRUE(n.IsScalar()) << key;
  m.value = n.Scalar();
  m.start = loc_of(m.file, n).offset;
  m.offs = map_scalar_offsets(*m.file, m.start, m.value);
  return m;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Every non-space character of the value maps to the same character in the file, inside the
// scalar, in increasing order.
void expect_chars_map_to_themselves(const Mapped& m, std::size_t region_end) {
  ASSERT_EQ(m.offs.size(), m.value.size() + 1);
  const std::string& t = m.file->text();
  std::uint32_t last = 0;
  bool first = true;
  for (std::size_t i = 0; i < m.value.size(); ++i) {
    if (is_space(m.value[i])) continue;
    const std::uint32_t o = m.offs[i];
    ASSERT_LT(o, t.size()) << "char " << i;
    EXPECT_EQ(t[o], m.value[i]) << "value char " << i << " '" << m.value[i] << "' maps to offset " << o;
    EXPECT_GE(o, m.start) << i;
    EXPECT_LT(o, region_end) << i;
    if (!first) { EXPECT_GT(o, last) << "offsets must increase at char " << i; }
    last = o;
    first = false;
  }
}

// For scalars without escapes (plain, folded, literal): the k-th non-space character of the
// value is exactly the k-th non-space character of the source region [content, end).
void expect_exact_unescaped(const Mapped& m, std::size_t content, std::size_t end) {
  const std::string& t = m.file->text();
  std::vector<std::size_t> src;
  for (std::size_t j = content; j < end; ++j)
    if (!is_space(t[j])) src.push_back(j);
  std::size_t k = 0;
  for (std::size_t i = 0; i < m.value.size(); ++i) {
    if (is_space(m.value[i])) continue;
    ASSERT_LT(k, src.size());
    EXPECT_EQ(m.offs[i], src[k]) << "value char " << i << " '" << m.value[i] << "'";
    ++k;
  }
  EXPECT_EQ(k, src.size()) << "every source character is accounted for";
}

TEST(MapScalarOffsets, PlainScalar) {
  const std::string text = "id: x\nwhen: action == \"basing\" and member(\"CSTO\", host)\nnext: 1\n";
  Mapped m = map_key(text, "when");
  const std::size_t begin = text.find("action"), end = text.find("\nnext");
  EXPECT_EQ(m.start, begin);
  expect_chars_map_to_themselves(m, end);
  expect_exact_unescaped(m, begin, end);
  // Plain one-line scalars map one to one, spaces included.
  for (std::size_t i = 0; i < m.value.size(); ++i) EXPECT_EQ(m.offs[i], begin + i);
  EXPECT_EQ(m.offs.back(), end);  // one past the last character
}

TEST(MapScalarOffsets, PlainScalarOverSeveralLines) {
  const std::string text =
      "when: action == \"basing\"\n"
      "  and member(\"CSTO\", host)\n"
      "  and not member(\"CSTO\", actor)\n"
      "next: 1\n";
  Mapped m = map_key(text, "when");
  EXPECT_EQ(m.value, "action == \"basing\" and member(\"CSTO\", host) and not member(\"CSTO\", actor)");
  const std::size_t end = text.find("\nnext");
  expect_chars_map_to_themselves(m, end);
  expect_exact_unescaped(m, text.find("action"), end);
  EXPECT_EQ(m.offs[m.value.find("not")], text.find("not"));
}

TEST(MapScalarOffsets, SingleQuotedWithDoubledQuote) {
  const std::string text = "because: 'it''s {actor}''s base'\nnext: 1\n";
  Mapped m = map_key(text, "because");
  ASSERT_EQ(m.value, "it's {actor}'s base");
  expect_chars_map_to_themselves(m, text.find("\nnext"));
  EXPECT_EQ(m.offs[0], text.find("it"));
  // Each ' of the value maps to the first of its '' pair; what follows lands after the pair.
  EXPECT_EQ(m.offs[2], text.find("''"));
  EXPECT_EQ(m.offs[3], text.find("''") + 2);  // 's'
  EXPECT_EQ(m.offs[m.value.find("{actor}")], text.find("{actor}"));
  EXPECT_EQ(m.offs[m.value.find("base")], text.find("base"));
}

TEST(MapScalarOffsets, SingleQuotedExpression) {
  const std::string text = "when: 'action == \"basing\" and host == ''x'''\nnext: 1\n";
  Mapped m = map_key(text, "when");
  ASSERT_EQ(m.value, "action == \"basing\" and host == 'x'");
  expect_chars_map_to_themselves(m, text.find("\nnext"));
  EXPECT_EQ(m.offs[m.value.find("host")], text.find("host"));
  EXPECT_EQ(m.offs[m.value.find('x')], text.find("x'"));
}

TEST(MapScalarOffsets, DoubleQuotedWithEscapes) {
  const std::string text =
      "when: \"action == \\\"basing\\\" and member(\\\"CSTO\\\", host)\"\nnext: 1\n";
  Mapped m = map_key(text, "when");
  ASSERT_EQ(m.value, "action == \"basing\" and member(\"CSTO\", host)");
  expect_chars_map_to_themselves(m, text.find("\nnext"));
  EXPECT_EQ(m.offs[0], text.find("action"));
  EXPECT_EQ(m.offs[m.value.find("basing")], text.find("basing"));
  EXPECT_EQ(m.offs[m.value.find("CSTO")], text.find("CSTO"));
  EXPECT_EQ(m.offs[m.value.find("host")], text.find("host"));
  // An escaped quote maps to the quote character itself, right after its backslash.
  const std::size_t q = m.value.find('"');
  EXPECT_EQ(text[m.offs[q] - 1], '\\');
}

TEST(MapScalarOffsets, DoubleQuotedWithEscapedBackslash) {
  const std::string text = "x: \"a\\\\b c\"\nnext: 1\n";  // YAML "a\\b c" -> a\b c
  Mapped m = map_key(text, "x");
  ASSERT_EQ(m.value, "a\\b c");
  expect_chars_map_to_themselves(m, text.find("\nnext"));
  EXPECT_EQ(m.offs[2], text.find("b c"));
  EXPECT_EQ(m.offs[4], text.find("c\""));
}

TEST(MapScalarOffsets, DoubleQuotedWithEscapesThatChangeTheText) {
  // \x41 is 'A' and \t a tab: the characters after them still map to themselves.
  const std::string text = "x: \"host == \\x41 and\\tactor\"\nnext: 1\n";
  Mapped m = map_key(text, "x");
  ASSERT_EQ(m.value, "host == A and\tactor");
  EXPECT_EQ(m.offs[m.value.find('A')], text.find("\\x41"));  // an escape maps to its backslash
  EXPECT_EQ(m.offs[m.value.find("and")], text.find("and"));
  EXPECT_EQ(m.offs[m.value.find("actor")], text.find("actor"));
  EXPECT_EQ(m.offs[0], text.find("host"));
}

TEST(MapScalarOffsets, TaggedAndAnchoredScalars) {
  const std::string text = "a: !!str action == \"basing\"\nb: &w >-\n  host == \"KGZ\"\n  or host == \"KAZ\"\nnext: 1\n";
  Mapped a = map_key(text, "a");
  ASSERT_EQ(a.value, "action == \"basing\"");
  EXPECT_EQ(a.offs[0], text.find("action"));
  expect_chars_map_to_themselves(a, text.find("\nb:"));
  Mapped b = map_key(text, "b");
  ASSERT_EQ(b.value, "host == \"KGZ\" or host == \"KAZ\"");
  expect_chars_map_to_themselves(b, text.find("\nnext"));
  expect_exact_unescaped(b, text.find("host"), text.find("\nnext"));
}

TEST(MapScalarOffsets, DoubleQuotedOverSeveralLines) {
  const std::string text =
      "when: \"action == \\\"basing\\\"\n"
      "  and member(\\\"CSTO\\\", host)\"\n"
      "next: 1\n";
  Mapped m = map_key(text, "when");
  ASSERT_EQ(m.value, "action == \"basing\" and member(\"CSTO\", host)");
  expect_chars_map_to_themselves(m, text.find("\nnext"));
  EXPECT_EQ(m.offs[m.value.find("and")], text.find("and"));
  EXPECT_EQ(m.offs[m.value.find("host")], text.find("host"));
}

TEST(MapScalarOffsets, FoldedBlockScalar) {
  const std::string text =
      "when: >-\n"
      "  action in {\"basing\", \"troop_deployment\"}\n"
      "  and member(\"CSTO\", host)\n"
      "  and not member(\"CSTO\", actor)\n"
      "next: 1\n";
  Mapped m = map_key(text, "when");
  ASSERT_EQ(m.value,
            "action in {\"basing\", \"troop_deployment\"} and member(\"CSTO\", host) and not "
            "member(\"CSTO\", actor)");
  EXPECT_EQ(m.start, text.find(">-"));
  const std::size_t content = text.find("action"), end = text.find("\nnext");
  expect_chars_map_to_themselves(m, end);
  expect_exact_unescaped(m, content, end);
}

TEST(MapScalarOffsets, FoldedBlockScalarWithBlankLineAndDeeperIndent) {
  const std::string text =
      "k:\n"
      "  when: >\n"
      "    action == \"basing\"\n"
      "\n"
      "    and  host == \"KGZ\"\n"
      "  next: 1\n";
  auto file = std::make_shared<const SourceFile>("t.yaml", text);
  const yaml::Node n = accord::test::parse_yaml_text(text)["k"]["when"];
  Mapped m{file, n.Scalar(), loc_of(file, n).offset, {}};
  m.offs = map_scalar_offsets(*file, m.start, m.value);
  const std::size_t end = text.find("\n  next");
  expect_chars_map_to_themselves(m, end);
  expect_exact_unescaped(m, text.find("action"), end);
}

TEST(MapScalarOffsets, LiteralBlockScalar) {
  const std::string text =
      "when: |\n"
      "  action == \"basing\"\n"
      "  and member(\"CSTO\", host)\n"
      "next: 1\n";
  Mapped m = map_key(text, "when");
  ASSERT_EQ(m.value, "action == \"basing\"\nand member(\"CSTO\", host)\n");
  const std::size_t content = text.find("action"), end = text.find("next");
  expect_chars_map_to_themselves(m, end);
  expect_exact_unescaped(m, content, end);
  // The kept line break maps to the line break in the file.
  EXPECT_EQ(m.offs[m.value.find('\n')], text.find('\n', content));
}

TEST(MapScalarOffsets, LiteralBlockScalarKeepStripAndCrlf) {
  const std::string text = "when: |-\r\n  host == \"KGZ\"\r\n  or host == \"KAZ\"\r\nnext: 1\r\n";
  Mapped m = map_key(text, "when");
  ASSERT_EQ(m.value, "host == \"KGZ\"\nor host == \"KAZ\"");
  expect_chars_map_to_themselves(m, text.find("\r\nnext"));
  expect_exact_unescaped(m, text.find("host"), text.find("\r\nnext"));
}

// ---- as_expr: a syntax error inside a YAML string is reported at its place in the file ----

struct ExprAt {
  std::string message;
  SourcePos pos;
  std::string line;
};

ExprAt expr_error(const std::string& text, const char* key = "when") {
  auto file = std::make_shared<const SourceFile>("p.yaml", text);
  Diagnostics d;
  auto root = parse_yaml(file, d);
  EXPECT_TRUE(root.has_value()) << d.str();
  auto e = as_expr(file, (*root)[key], d);
  EXPECT_FALSE(e.has_value());
  EXPECT_EQ(d.items().size(), 1u) << d.str();
  if (d.items().empty()) return {};
  return {d.items()[0].message, d.items()[0].pos, d.items()[0].source_line};
}

TEST(AsExpr, SyntaxErrorInFoldedScalarPointsIntoTheFile) {
  const ExprAt e = expr_error("id: c\nwhen: >-\n  action == \"basing\"\n  and == host\nnext: 1\n");
  EXPECT_EQ(e.message, "expected an expression");
  EXPECT_EQ(e.pos.file, "p.yaml");
  EXPECT_EQ(e.pos.line, 4);
  EXPECT_EQ(e.pos.col, 7);  // the '==' after 'and'
  EXPECT_EQ(e.line, "  and == host");
}

TEST(AsExpr, SyntaxErrorInLiteralScalar) {
  const ExprAt e = expr_error("when: |\n  host == \"KGZ\"\n  or or actor\n");
  EXPECT_EQ(e.pos.line, 3);
  EXPECT_EQ(e.pos.col, 6);
}

TEST(AsExpr, SyntaxErrorInDoubleQuotedScalar) {
  const ExprAt e = expr_error("when: \"host == \\\"KGZ\\\" and )\"\n");
  EXPECT_EQ(e.message, "expected an expression");
  EXPECT_EQ(e.pos.line, 1);
  EXPECT_EQ(e.pos.col, 28);  // the ')'
}

TEST(AsExpr, SyntaxErrorInPlainScalarAndUnterminatedString) {
  const ExprAt e = expr_error("when: host == \"KGZ\n");
  EXPECT_EQ(e.message, "unterminated string");
  EXPECT_EQ(e.pos.line, 1);
  EXPECT_EQ(e.pos.col, 15);  // the opening quote
}

TEST(AsExpr, NonScalarIsAnError) {
  auto file = std::make_shared<const SourceFile>("p.yaml", "when: [a, b]\n");
  Diagnostics d;
  auto root = parse_yaml(file, d);
  EXPECT_FALSE(as_expr(file, (*root)["when"], d).has_value());
  ASSERT_TRUE(d.has_errors());
  EXPECT_EQ(d.items()[0].message, "expected an expression (a string), found a list");
  EXPECT_EQ(d.items()[0].pos.col, 7);
}

TEST(AsExpr, GoodExpressionKeepsItsTextAndOffsets) {
  auto file = std::make_shared<const SourceFile>("p.yaml", "when: >-\n  host == \"KGZ\"\n  or actor == host\n");
  Diagnostics d;
  auto root = parse_yaml(file, d);
  auto e = as_expr(file, (*root)["when"], d);
  ASSERT_TRUE(e.has_value()) << d.str();
  EXPECT_EQ(e->text, "host == \"KGZ\" or actor == host");
  const SourcePos p = e->loc(e->text.find("actor")).pos();
  EXPECT_EQ(p.line, 3);
  EXPECT_EQ(p.col, 6);
}

// ---- parse_yaml and MapReader ---------------------------------------------------------------

TEST(ParseYaml, SyntaxErrorIsPositioned) {
  auto file = std::make_shared<const SourceFile>("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n");
  Diagnostics d;
  EXPECT_FALSE(parse_yaml(file, d).has_value());
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_TRUE(contains(d.items()[0].message, "YAML syntax error")) << d.str();
  EXPECT_EQ(d.items()[0].pos.file, "bad.yaml");
  EXPECT_GE(d.items()[0].pos.line, 2);
}

// Each kind of mistake libyaml stops at, in the words the loaders print: "line:col: message".
std::string first_error(const std::string& text) {
  auto file = std::make_shared<const SourceFile>("t.yaml", text);
  Diagnostics d;
  if (parse_yaml(file, d)) return "parsed";
  if (d.items().empty()) return "no diagnostic";
  const auto& e = d.items()[0];
  return std::to_string(e.pos.line) + ":" + std::to_string(e.pos.col) + ": " + e.message;
}

TEST(ParseYaml, EachKindOfMistakeHasItsMessage) {
  const std::pair<const char*, const char*> cases[] = {
      {"a: [1, 2\n", "1:4: YAML syntax error: this '[' is never closed"},
      {"a: {b: 1\nc: 2\n", "2:2: YAML syntax error: expected ',' or '}' to continue or close the '{' at 1:4"},
      {"a: 1\nb: 'open\n", "2:4: YAML syntax error: this \"'\" string is never closed"},
      {"a: b: c\n",
       "1:5: YAML syntax error: ': ' is not allowed here (': ' inside a plain value starts a new key: write the value "
       "as a block, `when: >-` with the text indented below, or quote it)"},
      {"a: 1\ntext: \"quote\" (fictional)\n",
       "2:15: YAML syntax error: this is not a key of the mapping at 1:1: line keys up with their neighbours, and keep "
       "a quoted value's text inside its quotes"},
      {"a:\n  x: 1\n y: 2\n",
       "3:2: YAML syntax error: this is not a key of the mapping at 1:1: line keys up with their neighbours, and keep a "
       "quoted value's text inside its quotes"},
      {"l:\n  - id: a\n    x: 1\n  y: 2\n",
       "4:3: YAML syntax error: expected the next item ('- ') of the list at 2:3: a key of the item above must be "
       "indented like its other keys"},
      {"a: 1\n\tb: 2\n",
       "2:1: YAML syntax error: found a tab character that violates indentation (while scanning a plain scalar at 1:4)"},
      {"a: @x\n", "1:4: YAML syntax error: found character that cannot start any token"},
      {"a: \"\\q\"\n", "1:5: YAML syntax error: found unknown escape character (while parsing a quoted scalar at 1:4)"},
      {"a: *nowhere\n", "1:4: YAML syntax error: unknown alias '*nowhere': its anchor '&nowhere' must come before it"},
      {"a: &x [1, *x]\n", "1:11: YAML syntax error: unknown alias '*x': its anchor '&x' must come before it"},
      {"a: 1\n---\nb: 2\n",
       "2:1: a second YAML document ('---'): Accord reads one document per file; move it to a file of its own"},
      {"a: \"caf\xe9\"\n",
       "1:8: not UTF-8 text: invalid trailing UTF-8 octet (YAML files are UTF-8: save the file as UTF-8)"},
      {"a: \"x\x01\"\n", "1:6: YAML syntax error: control characters are not allowed"},
      // Columns count bytes after a multi-byte character (libyaml counts characters).
      {"\xc3\xa9t\xc3\xa9: [1, 2\nb: 3\n", "2:2: YAML syntax error: expected ',' or ']' to continue or close the '[' at 1:8"},
  };
  for (const auto& [text, want] : cases) EXPECT_EQ(first_error(text), want) << text;
}

// A leading '---' and a closing '...' still make one document.
TEST(ParseYaml, OneDocumentWithMarkersIsRead) {
  auto file = std::make_shared<const SourceFile>("m.yaml", "---\na: 1\n...\n");
  Diagnostics d;
  const auto root = parse_yaml(file, d);
  ASSERT_TRUE(root.has_value()) << d.str();
  EXPECT_EQ((*root)["a"].Scalar(), "1");
}

// Plain "null", "~" and nothing are null; quoted they are text. Positions are byte offsets,
// also after multi-byte characters.
TEST(ParseYaml, NullsScalarsAndPositions) {
  const std::string text = "a:\nb: ~\nc: null\nd: \"null\"\n\xc3\xa9: \xc3\xa9t\xc3\xa9\n";
  auto file = std::make_shared<const SourceFile>("n.yaml", text);
  Diagnostics d;
  const auto root = parse_yaml(file, d);
  ASSERT_TRUE(root.has_value()) << d.str();
  EXPECT_TRUE((*root)["a"].IsNull());
  EXPECT_TRUE((*root)["b"].IsNull());
  EXPECT_TRUE((*root)["c"].IsNull());
  EXPECT_TRUE((*root)["d"].IsScalar());
  EXPECT_EQ((*root)["d"].Scalar(), "null");
  EXPECT_FALSE((*root)["zz"].IsDefined());
  const yaml::Node e = (*root)["\xc3\xa9"];
  EXPECT_EQ(e.Scalar(), "\xc3\xa9t\xc3\xa9");
  EXPECT_EQ(e.offset(), text.find("\xc3\xa9t\xc3\xa9"));
}

TEST(ParseYaml, EmptyFileIsAnError) {
  auto file = std::make_shared<const SourceFile>("e.yaml", "# only a comment\n");
  Diagnostics d;
  EXPECT_FALSE(parse_yaml(file, d).has_value());
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].message, "empty file: expected a YAML mapping");
}

// "Billion laughs": ten aliases of ten aliases of ... expand nine levels to 10^9 nodes. Each
// alias once cost a walk of its whole subtree.
TEST(ParseYaml, AliasesThatExpandTooFarAreAnError) {
  std::string text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    const std::string prev = "*l" + std::to_string(i - 1);
    text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 10; ++k) text += ", " + prev;
    text += "]\n";
  }
  auto file = std::make_shared<const SourceFile>("laughs.yaml", text);
  Diagnostics d;
  EXPECT_FALSE(parse_yaml(file, d).has_value());
  ASSERT_EQ(d.items().size(), 1u) << d.str();
  EXPECT_EQ(d.items()[0].message,
            "YAML aliases repeat this too often: with each alias (*name) copied out, the file would be over 16 "
            "times its size");
}

// A long string behind many aliases: the bytes count, not only the nodes.
TEST(ParseYaml, AliasesToALongStringAreAnError) {
  std::string text = "t: &t \"" + std::string(100'000, 'x') + "\"\nl: [*t";
  for (int i = 0; i < 40; ++i) text += ", *t";
  text += "]\n";
  auto file = std::make_shared<const SourceFile>("long.yaml", text);
  Diagnostics d;
  EXPECT_FALSE(parse_yaml(file, d).has_value());
  ASSERT_EQ(d.items().size(), 1u) << d.str();
  EXPECT_EQ(d.items()[0].pos.line, 1);
  EXPECT_EQ(d.items()[0].pos.col, 4);
}

// Aliases used as intended (a mapping repeated a few times) are fine.
TEST(ParseYaml, ModestAliasesAreRead) {
  auto file = std::make_shared<const SourceFile>(
      "ok.yaml", "base: &b {action: basing, actor: USA, host: KGZ}\nsteps: [*b, *b, *b, *b, *b, *b, *b, *b]\n");
  Diagnostics d;
  const auto root = parse_yaml(file, d);
  ASSERT_TRUE(root.has_value()) << d.str();
  EXPECT_EQ((*root)["steps"].size(), 8u);
}

TEST(MapReader, UnknownKeyNamesItAndSuggests) {
  auto file = std::make_shared<const SourceFile>("m.yaml", "id: x\nefect: consent\n");
  Diagnostics d;
  auto root = parse_yaml(file, d);
  MapReader m(file, *root, "a clause", {"id", "effect", "when"}, d);
  EXPECT_FALSE(m.ok());
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].message, "unknown key 'efect' in a clause; did you mean 'effect'?");
  EXPECT_EQ(d.items()[0].pos.line, 2);
  EXPECT_EQ(d.items()[0].pos.col, 1);
}

TEST(MapReader, UnknownKeyFarFromAnyHasNoSuggestion) {
  auto file = std::make_shared<const SourceFile>("m.yaml", "id: x\nzzzzzz: 1\n");
  Diagnostics d;
  auto root = parse_yaml(file, d);
  MapReader m(file, *root, "a clause", {"id", "effect", "when"}, d);
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].message, "unknown key 'zzzzzz' in a clause");
}

TEST(MapReader, DuplicateKey) {
  auto file = std::make_shared<const SourceFile>("m.yaml", "id: x\nwhen: a\nwhen: b\n");
  Diagnostics d;
  auto root = parse_yaml(file, d);
  ASSERT_TRUE(root.has_value());
  MapReader m(file, *root, "a clause", {"id", "when"}, d);
  EXPECT_FALSE(m.ok());
  ASSERT_EQ(d.items().size(), 1u) << d.str();
  EXPECT_EQ(d.items()[0].message, "duplicate key 'when' in a clause");
  EXPECT_EQ(d.items()[0].pos.line, 3);
}

TEST(MapReader, MissingRequiredKey) {
  auto file = std::make_shared<const SourceFile>("m.yaml", "\nid: x\n");
  Diagnostics d;
  auto root = parse_yaml(file, d);
  MapReader m(file, *root, "a clause", {"id", "when"}, d);
  EXPECT_TRUE(m.ok());
  EXPECT_TRUE(m.get("id").IsDefined());
  EXPECT_FALSE(m.get("when").IsDefined());
  EXPECT_FALSE(m.require("when").IsDefined());
  EXPECT_FALSE(m.ok());
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].message, "missing required key 'when' in a clause");
  EXPECT_EQ(d.items()[0].pos.line, 2);  // at the mapping
}

TEST(MapReader, NotAMapping) {
  auto file = std::make_shared<const SourceFile>("m.yaml", "- a\n- b\n");
  Diagnostics d;
  auto root = parse_yaml(file, d);
  MapReader m(file, *root, "a rule pack file", {"instrument"}, d);
  EXPECT_FALSE(m.ok());
  EXPECT_EQ(d.items()[0].message, "a rule pack file must be a mapping, found a list");
}

TEST(Scalars, DateAndStringConversions) {
  auto file = std::make_shared<const SourceFile>(
      "s.yaml", "good: 2012-12-19\nbad: 2012-02-30\nlist: [a, b]\nmap: {a: 1}\n");
  Diagnostics d;
  auto root = parse_yaml(file, d);
  EXPECT_EQ(as_date(file, (*root)["good"], d), fx::D("2012-12-19"));
  EXPECT_FALSE(as_date(file, (*root)["bad"], d).has_value());
  EXPECT_FALSE(as_string(file, (*root)["list"], d).has_value());
  auto list = as_string_list(file, (*root)["list"], d);
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(*list, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(as_string_list(file, (*root)["map"], d).has_value());
  ASSERT_EQ(d.items().size(), 3u) << d.str();
  EXPECT_EQ(d.items()[0].message, "'2012-02-30' is not a date: expected YYYY-MM-DD with a real calendar day");
  EXPECT_EQ(d.items()[0].pos.line, 2);
  EXPECT_EQ(d.items()[0].pos.col, 6);
  EXPECT_EQ(d.items()[1].message, "expected a string, found a list");
  EXPECT_EQ(d.items()[2].message, "expected a list, found a mapping");
}

TEST(Scalars, EntriesKeepFileOrderAndRejectDuplicates) {
  auto file = std::make_shared<const SourceFile>("s.yaml", "m:\n  z: 1\n  a: 2\n  z: 3\nok:\n  z: 1\n  a: 2\n");
  Diagnostics d;
  auto root = parse_yaml(file, d);
  auto good = as_entries(file, (*root)["ok"], "ok", d);
  ASSERT_TRUE(good.has_value());
  ASSERT_EQ(good->size(), 2u);
  EXPECT_EQ((*good)[0].key, "z");
  EXPECT_EQ((*good)[1].key, "a");
  EXPECT_EQ((*good)[1].key_loc.pos().line, 7);
  EXPECT_FALSE(as_entries(file, (*root)["m"], "members of CSTO", d).has_value());
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].message, "duplicate key 'z' in members of CSTO");
  EXPECT_EQ(d.items()[0].pos.line, 4);
}

}  // namespace
}  // namespace accord::internal
