// Tests for the expression parser: tree shape, byte offsets, precedence, every error message,
// and robustness on hostile input (deep nesting, long input, NULs, non-ASCII bytes).
#include "parse/parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace accord::internal {
namespace {

// Fully parenthesised rendering, so precedence and associativity are visible in one string.
std::string show(const Expr& e) {
  std::string r;
  auto list = [&](const char* open, const char* close) {
    r += open;
    for (std::size_t i = 0; i < e.kids.size(); ++i) r += (i ? ", " : "") + show(e.kids[i]);
    r += close;
  };
  switch (e.kind) {
    case ExprKind::Bool: return e.ival ? "true" : "false";
    case ExprKind::Int: return std::to_string(e.ival);
    case ExprKind::Str: return "\"" + e.text + "\"";
    case ExprKind::Date: return format_date(static_cast<Date>(e.ival));
    case ExprKind::Name: return e.text;
    case ExprKind::Attr: return show(e.kids[0]) + "." + e.text;
    case ExprKind::Set: list("{", "}"); return r;
    case ExprKind::Call:
      r = e.text;
      list("(", ")");
      return r;
    case ExprKind::Not: return "(not " + show(e.kids[0]) + ")";
    case ExprKind::Binary:
      return "(" + show(e.kids[0]) + " " + binop_text(e.op) + " " + show(e.kids[1]) + ")";
    case ExprKind::Quant:
      return e.text + "(" + e.var + " in " + show(e.kids[0]) + ": " + show(e.kids[1]) + ")";
  }
  return "?";
}

Expr parse_ok(std::string_view text) {
  ParseResult r = parse_expression(text);
  if (auto* err = std::get_if<ParseError>(&r)) {
    ADD_FAILURE() << "parse of [" << text << "] failed at " << err->offset << ": " << err->message;
    return Expr{};
  }
  return std::get<Expr>(std::move(r));
}

ParseError parse_err(std::string_view text) {
  ParseResult r = parse_expression(text);
  if (auto* e = std::get_if<Expr>(&r)) {
    ADD_FAILURE() << "parse of [" << text << "] should fail but gave " << show(*e);
    return ParseError{};
  }
  return std::get<ParseError>(std::move(r));
}

std::string_view slice(std::string_view text, const Expr& e) {
  return text.substr(e.offset, e.end - e.offset);
}

// Every node lies inside the text and inside its parent; leaves span exactly their token.
void check_spans(std::string_view text, const Expr& e) {
  ASSERT_LT(e.offset, e.end) << show(e);
  ASSERT_LE(e.end, text.size()) << show(e);
  for (const Expr& k : e.kids) {
    EXPECT_GE(k.offset, e.offset) << show(e);
    EXPECT_LE(k.end, e.end) << show(e);
    check_spans(text, k);
  }
  if (e.kind == ExprKind::Name) {
    EXPECT_EQ(slice(text, e), e.text);
  }
  if (e.kind == ExprKind::Int) {
    EXPECT_EQ(slice(text, e), std::to_string(e.ival));
  }
  if (e.kind == ExprKind::Date) {
    EXPECT_EQ(slice(text, e), format_date(static_cast<Date>(e.ival)));
  }
  if (e.kind == ExprKind::Bool) {
    EXPECT_EQ(slice(text, e), e.ival ? "true" : "false");
  }
  if (e.kind == ExprKind::Attr) {
    EXPECT_TRUE(slice(text, e).ends_with(e.text));
  }
  if (e.kind == ExprKind::Call) {
    EXPECT_TRUE(slice(text, e).starts_with(e.text));
  }
}

std::string shown(std::string_view text) {
  Expr e = parse_ok(text);
  check_spans(text, e);
  return show(e);
}

std::string repeat(std::string_view s, int n) {
  std::string r;
  for (int i = 0; i < n; ++i) r += s;
  return r;
}

// ---------------------------------------------------------------------------------------
// The examples from the language description.

TEST(Parser, CstoBasingRule) {
  const std::string_view src =
      R"(action in {"basing", "troop_deployment", "military_infrastructure"} and )"
      R"(member("CSTO", host) and not member("CSTO", actor))";
  Expr e = parse_ok(src);
  check_spans(src, e);
  EXPECT_EQ(show(e),
            R"((((action in {"basing", "troop_deployment", "military_infrastructure"}) and )"
            R"(member("CSTO", host)) and (not member("CSTO", actor))))");

  // ((in) and member) and not: `and` is left-associative.
  ASSERT_EQ(e.kind, ExprKind::Binary);
  EXPECT_EQ(e.op, BinOp::And);
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(e.end, src.size());
  const Expr& left = e.kids[0];
  ASSERT_EQ(left.kind, ExprKind::Binary);
  EXPECT_EQ(left.op, BinOp::And);

  const Expr& in = left.kids[0];
  ASSERT_EQ(in.kind, ExprKind::Binary);
  EXPECT_EQ(in.op, BinOp::In);
  EXPECT_EQ(slice(src, in),
            R"(action in {"basing", "troop_deployment", "military_infrastructure"})");
  const Expr& set = in.kids[1];
  ASSERT_EQ(set.kind, ExprKind::Set);
  EXPECT_EQ(set.offset, 10u);
  ASSERT_EQ(set.kids.size(), 3u);
  EXPECT_EQ(set.kids[1].kind, ExprKind::Str);
  EXPECT_EQ(set.kids[1].text, "troop_deployment");
  EXPECT_EQ(slice(src, set.kids[1]), R"("troop_deployment")");

  const Expr& member = left.kids[1];
  ASSERT_EQ(member.kind, ExprKind::Call);
  EXPECT_EQ(member.text, "member");
  EXPECT_EQ(slice(src, member), R"(member("CSTO", host))");
  ASSERT_EQ(member.kids.size(), 2u);
  EXPECT_EQ(member.kids[0].kind, ExprKind::Str);
  EXPECT_EQ(member.kids[1].kind, ExprKind::Name);
  EXPECT_EQ(member.kids[1].text, "host");

  const Expr& neg = e.kids[1];
  ASSERT_EQ(neg.kind, ExprKind::Not);
  EXPECT_EQ(slice(src, neg), R"(not member("CSTO", actor))");
  EXPECT_EQ(neg.kids[0].kind, ExprKind::Call);
  EXPECT_EQ(slice(src, neg.kids[0]), R"(member("CSTO", actor))");
}

TEST(Parser, SetDifferenceOfCallAndSet) {
  const std::string_view src = R"(members("CSTO") - {host})";
  Expr e = parse_ok(src);
  ASSERT_EQ(e.kind, ExprKind::Binary);
  EXPECT_EQ(e.op, BinOp::Diff);
  EXPECT_EQ(e.kids[0].kind, ExprKind::Call);
  EXPECT_EQ(e.kids[0].offset, 0u);
  EXPECT_EQ(e.kids[0].end, 15u);
  ASSERT_EQ(e.kids[1].kind, ExprKind::Set);
  EXPECT_EQ(e.kids[1].offset, 18u);
  EXPECT_EQ(e.kids[1].end, 24u);
  ASSERT_EQ(e.kids[1].kids.size(), 1u);
  EXPECT_EQ(e.kids[1].kids[0].text, "host");
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(e.end, 24u);
}

TEST(Parser, IntersectionBindsTighterThanUnion) {
  Expr e = parse_ok("a + b & c");
  ASSERT_EQ(e.kind, ExprKind::Binary);
  EXPECT_EQ(e.op, BinOp::Union);
  EXPECT_EQ(e.kids[0].text, "a");
  ASSERT_EQ(e.kids[1].kind, ExprKind::Binary);
  EXPECT_EQ(e.kids[1].op, BinOp::Inter);
  EXPECT_EQ(e.kids[1].offset, 4u);
  EXPECT_EQ(e.kids[1].end, 9u);
}

TEST(Parser, NotAppliesToWholeComparison) {
  Expr e = parse_ok("not a == b");
  ASSERT_EQ(e.kind, ExprKind::Not);
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(e.end, 10u);
  ASSERT_EQ(e.kids[0].kind, ExprKind::Binary);
  EXPECT_EQ(e.kids[0].op, BinOp::Eq);
  EXPECT_EQ(e.kids[0].offset, 4u);
}

TEST(Parser, AndBindsTighterThanOr) {
  Expr e = parse_ok("a or b and c");
  ASSERT_EQ(e.kind, ExprKind::Binary);
  EXPECT_EQ(e.op, BinOp::Or);
  ASSERT_EQ(e.kids[1].kind, ExprKind::Binary);
  EXPECT_EQ(e.kids[1].op, BinOp::And);
  EXPECT_EQ(e.kids[1].offset, 5u);
  EXPECT_EQ(e.kids[1].end, 12u);
}

TEST(Parser, AttributeAccess) {
  Expr e = parse_ok(R"(site.kind == "airbase")");
  ASSERT_EQ(e.kind, ExprKind::Binary);
  EXPECT_EQ(e.op, BinOp::Eq);
  const Expr& attr = e.kids[0];
  ASSERT_EQ(attr.kind, ExprKind::Attr);
  EXPECT_EQ(attr.text, "kind");
  EXPECT_EQ(attr.offset, 0u);
  EXPECT_EQ(attr.end, 9u);
  ASSERT_EQ(attr.kids.size(), 1u);
  EXPECT_EQ(attr.kids[0].kind, ExprKind::Name);
  EXPECT_EQ(attr.kids[0].text, "site");
  EXPECT_EQ(attr.kids[0].end, 4u);
  EXPECT_EQ(e.kids[1].kind, ExprKind::Str);
  EXPECT_EQ(e.kids[1].text, "airbase");
  EXPECT_EQ(e.kids[1].offset, 13u);
  EXPECT_EQ(e.kids[1].end, 22u);
}

TEST(Parser, DateComparisonAndNestedCalls) {
  const std::string_view src = R"(date >= 2012-12-19 and count(members("CSTO")) > 3)";
  Expr e = parse_ok(src);
  check_spans(src, e);
  EXPECT_EQ(show(e), R"(((date >= 2012-12-19) and (count(members("CSTO")) > 3)))");
  const Expr& date = e.kids[0].kids[1];
  ASSERT_EQ(date.kind, ExprKind::Date);
  EXPECT_EQ(date.ival, date_from_ymd(2012, 12, 19));
  EXPECT_EQ(date.offset, 8u);
  EXPECT_EQ(date.end, 18u);
  const Expr& gt = e.kids[1];
  EXPECT_EQ(gt.op, BinOp::Gt);
  EXPECT_EQ(slice(src, gt.kids[0]), R"(count(members("CSTO")))");
  EXPECT_EQ(gt.kids[1].kind, ExprKind::Int);
  EXPECT_EQ(gt.kids[1].ival, 3);
}

TEST(Parser, Quantifier) {
  const std::string_view src = R"(any(p in members("NATO"): position(p) == "object"))";
  Expr e = parse_ok(src);
  check_spans(src, e);
  ASSERT_EQ(e.kind, ExprKind::Quant);
  EXPECT_EQ(e.text, "any");
  EXPECT_EQ(e.var, "p");
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(e.end, src.size());
  ASSERT_EQ(e.kids.size(), 2u);
  EXPECT_EQ(slice(src, e.kids[0]), R"(members("NATO"))");
  EXPECT_EQ(slice(src, e.kids[1]), R"(position(p) == "object")");
  EXPECT_EQ(e.kids[1].op, BinOp::Eq);

  Expr all = parse_ok("all ( x in s : x.ok )");
  EXPECT_EQ(all.text, "all");
  EXPECT_EQ(show(all), "all(x in s: x.ok)");
  EXPECT_EQ(all.end, 21u);
}

TEST(Parser, NotIn) {
  Expr e = parse_ok(R"(x not in {"RUS"})");
  ASSERT_EQ(e.kind, ExprKind::Binary);
  EXPECT_EQ(e.op, BinOp::NotIn);
  EXPECT_EQ(e.kids[1].kind, ExprKind::Set);
  EXPECT_EQ(e.kids[1].offset, 9u);
  EXPECT_EQ(e.end, 16u);
  EXPECT_EQ(shown("x  not\n  in s"), "(x not in s)");
}

TEST(Parser, MultiLineBlockScalar) {
  // As it arrives from a YAML `when: |` block: newlines, indentation, a trailing newline.
  const std::string src =
      "action in {\"basing\",\n"
      "           \"troop_deployment\"}\n"
      "  and member(\"CSTO\", host)\n"
      "\tand not member(\"CSTO\", actor)\n";
  Expr e = parse_ok(src);
  check_spans(src, e);
  EXPECT_EQ(show(e),
            R"((((action in {"basing", "troop_deployment"}) and member("CSTO", host)) and )"
            R"((not member("CSTO", actor))))");
  const Expr& member = e.kids[0].kids[1];
  EXPECT_EQ(member.offset, src.find("member"));
  EXPECT_EQ(e.kids[1].offset, src.find("not"));
  EXPECT_EQ(e.end, src.size() - 1);  // the trailing newline is not part of the node
}

// ---------------------------------------------------------------------------------------
// Precedence and associativity through the printer.

TEST(Parser, PrecedenceTable) {
  const std::pair<const char*, const char*> cases[] = {
      {"a or b or c", "((a or b) or c)"},
      {"a and b and c", "((a and b) and c)"},
      {"a and b or c and d", "((a and b) or (c and d))"},
      {"not a and b", "((not a) and b)"},
      {"not not x", "(not (not x))"},
      {"not a or not b", "((not a) or (not b))"},
      {"a == b and c != d", "((a == b) and (c != d))"},
      {"a < b", "(a < b)"},
      {"a<=b", "(a <= b)"},
      {"a > b", "(a > b)"},
      {"a >= b", "(a >= b)"},
      {"a in b + c", "(a in (b + c))"},
      {"a - b - c", "((a - b) - c)"},
      {"a - b + c", "((a - b) + c)"},
      {"a & b & c", "((a & b) & c)"},
      {"a & b - c & d", "((a & b) - (c & d))"},
      {"a.b & c.d", "(a.b & c.d)"},
      {"a.b.c", "a.b.c"},
      {"f(x).y", "f(x).y"},
      {"{a}.size", "{a}.size"},
      {"(a or b) and c", "((a or b) and c)"},
      {"a + (b - c)", "(a + (b - c))"},
      {"not (a or b)", "(not (a or b))"},
      {"((((a))))", "a"},
      {"x-1", "(x - 1)"},
      {"d - 2012-01-01", "(d - 2012-01-01)"},
      {"2012-1-5", "((2012 - 1) - 5)"},  // not 4-2-2 digits: integers and differences
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(shown(in), out) << in;
}

// ---------------------------------------------------------------------------------------
// Literals, names and keywords.

TEST(Parser, Literals) {
  Expr t = parse_ok("true");
  EXPECT_EQ(t.kind, ExprKind::Bool);
  EXPECT_EQ(t.ival, 1);
  Expr f = parse_ok(" false ");
  EXPECT_EQ(f.kind, ExprKind::Bool);
  EXPECT_EQ(f.ival, 0);
  EXPECT_EQ(f.offset, 1u);
  EXPECT_EQ(f.end, 6u);

  Expr i = parse_ok("9223372036854775807");
  EXPECT_EQ(i.kind, ExprKind::Int);
  EXPECT_EQ(i.ival, INT64_MAX);
  EXPECT_EQ(parse_ok("007").ival, 7);

  Expr d = parse_ok("1970-01-01");
  EXPECT_EQ(d.kind, ExprKind::Date);
  EXPECT_EQ(d.ival, 0);
  EXPECT_EQ(parse_ok("2024-02-29").ival, date_from_ymd(2024, 2, 29));

  Expr s = parse_ok(R"("a \"quoted\" \\ back")");
  EXPECT_EQ(s.kind, ExprKind::Str);
  EXPECT_EQ(s.text, R"(a "quoted" \ back)");
  EXPECT_EQ(s.end, 22u);
  EXPECT_EQ(parse_ok(R"("")").text, "");
  EXPECT_EQ(parse_ok("\"caf\xc3\xa9 (x) {y}\"").text, "caf\xc3\xa9 (x) {y}");

  Expr empty = parse_ok("{ }");
  EXPECT_EQ(empty.kind, ExprKind::Set);
  EXPECT_TRUE(empty.kids.empty());
  EXPECT_EQ(empty.end, 3u);

  Expr call = parse_ok("today()");
  EXPECT_EQ(call.kind, ExprKind::Call);
  EXPECT_EQ(call.text, "today");
  EXPECT_TRUE(call.kids.empty());
  EXPECT_EQ(call.end, 7u);

  EXPECT_EQ(shown("{1, \"x\", 2012-12-19, {}, f(a, b), a.b, not c}"),
            "{1, \"x\", 2012-12-19, {}, f(a, b), a.b, (not c)}");
}

TEST(Parser, NamesThatStartWithKeywords) {
  EXPECT_EQ(shown("android or order or notice or inside or trueish or falsey or and_"),
            "((((((android or order) or notice) or inside) or trueish) or falsey) or and_)");
  EXPECT_EQ(shown("not_in in innings"), "(not_in in innings)");
  EXPECT_EQ(shown("_x1 == X_2"), "(_x1 == X_2)");
  // `any`/`all` are only quantifiers when followed by `(`.
  EXPECT_EQ(shown("any and all.x"), "(any and all.x)");
  Expr n = parse_ok("  host ");
  EXPECT_EQ(n.kind, ExprKind::Name);
  EXPECT_EQ(n.offset, 2u);
  EXPECT_EQ(n.end, 6u);
}

TEST(Parser, KeywordsNeedNoSpaceBeforePunctuation) {
  EXPECT_EQ(shown("not(a)or(b)and{c}"), "((not a) or (b and {c}))");
  EXPECT_EQ(shown("x not in{1}"), "(x not in {1})");
}

// ---------------------------------------------------------------------------------------
// Errors. Messages are part of the interface (golden tests compare them verbatim).

struct ErrCase {
  std::string text;
  std::size_t offset;
  std::string message;
};

void expect_errors(const std::vector<ErrCase>& cases) {
  for (const ErrCase& c : cases) {
    ParseError e = parse_err(c.text);
    const std::string shown_text = c.text.size() > 80 ? c.text.substr(0, 80) + "..." : c.text;
    EXPECT_EQ(e.offset, c.offset) << "[" << shown_text << "]";
    EXPECT_EQ(e.message, c.message) << "[" << shown_text << "]";
  }
}

TEST(ParserErrors, EmptyInput) {
  expect_errors({
      {"", 0, "expected an expression"},
      {"   \n\t ", 0, "expected an expression"},
  });
}

TEST(ParserErrors, ExpectedAnExpression) {
  expect_errors({
      {"a and", 5, "expected an expression"},
      {"a or  ", 6, "expected an expression"},
      {"a == ", 5, "expected an expression"},
      {"a + )", 4, "expected an expression"},
      {"a & & b", 4, "expected an expression"},
      {"not", 3, "expected an expression"},
      {"not not in x", 8, "expected an expression"},
      {"( )", 2, "expected an expression"},
      {"f(in)", 2, "expected an expression"},
      {"member(in)", 7, "expected an expression"},
      {"f(a,)", 4, "expected an expression"},
      {"{a, }", 4, "expected an expression"},
      {"{", 1, "expected an expression"},
      {"and == 1", 0, "expected an expression"},
      {") a", 0, "expected an expression"},
      {"== a", 0, "expected an expression"},
      {"a and not in b", 10, "expected an expression"},
      {"any(x in : y)", 9, "expected an expression"},
      {"any(x in s: )", 12, "expected an expression"},
  });
}

TEST(ParserErrors, ExpectedClosers) {
  expect_errors({
      {"(a", 2, "expected ')'"},
      {"(a b)", 3, "expected ')'"},
      {"f(a b)", 4, "expected ')'"},
      {"f(a, b", 6, "expected ')'"},
      {"any(x in s: y", 13, "expected ')'"},
      {"{a b}", 3, "expected '}'"},
      {"{a, b", 5, "expected '}'"},
      {"{a)", 2, "expected '}'"},
  });
}

TEST(ParserErrors, QuantifierErrors) {
  expect_errors({
      {"any(x in s)", 10, "expected ':' after the set, as in any(x in SET: CONDITION)"},
      {"all(x in s x)", 11, "expected ':' after the set, as in any(x in SET: CONDITION)"},
      {"any(x)", 5, "expected 'in' after the variable, as in any(x in SET: CONDITION)"},
      {"any(x: y)", 5, "expected 'in' after the variable, as in any(x in SET: CONDITION)"},
      {"any(1 in s: t)", 4, "expected a name"},
      {"all(in in s: t)", 4, "expected a name"},
      {"any(", 4, "expected a name"},
  });
}

TEST(ParserErrors, ExpectedAName) {
  expect_errors({
      {"a.", 2, "expected a name"},
      {"a. ", 3, "expected a name"},
      {"a.1", 2, "expected a name"},
      {"a.in", 2, "expected a name"},
      {"site.(kind)", 5, "expected a name"},
  });
}

TEST(ParserErrors, TrailingInput) {
  expect_errors({
      {"a == b c", 7, "unexpected 'c'"},
      {"a == b == c", 7, "unexpected '=='"},
      {"a < b != c", 6, "unexpected '!='"},
      {"a in b in c", 7, "unexpected 'in'"},
      {"a b", 2, "unexpected 'b'"},
      {"a )", 2, "unexpected ')'"},
      {"(a))", 3, "unexpected ')'"},
      {"a = b", 2, "unexpected '='"},
      {"a ! b", 2, "unexpected '!'"},
      {"x not y", 2, "unexpected 'not'"},
      {"a orb", 2, "unexpected 'orb'"},
      {"12abc", 2, "unexpected 'abc'"},
      {"2012-12-193", 10, "unexpected '3'"},
      {"a \"x\"", 2, "unexpected '\"'"},
      {"a\n  , b", 4, "unexpected ','"},
      {"a caf\xc3\xa9", 2, "unexpected 'caf'"},
      {"a \xc3\xa9", 2, "unexpected '\xc3\xa9'"},
      {"a \xe2\x88\xa7 b", 2, "unexpected '\xe2\x88\xa7'"},
      {"a \xff", 2, "unexpected '\\xff'"},
      {"a \xc3", 2, "unexpected '\\xc3'"},
      {"a \x01", 2, "unexpected '\\x01'"},
      {std::string("a \0 b", 5), 2, "unexpected '\\x00'"},
  });
}

TEST(ParserErrors, BadLiterals) {
  expect_errors({
      {"d >= 2012-13-45", 5, "invalid date '2012-13-45'"},
      {"2023-02-29", 0, "invalid date '2023-02-29'"},
      {"x > 9223372036854775808", 4, "integer out of range"},
      {"99999999999999999999999999", 0, "integer out of range"},
      {"x == \"abc", 5, "unterminated string"},
      {"\"abc\\\"", 0, "unterminated string"},
      {"f(\"a\\", 2, "unterminated string"},
      {"\"a\\nb\"", 2, "unknown escape '\\n' in string"},
      {"x == \"tab\\t\"", 9, "unknown escape '\\t' in string"},
      {"\"\\\xc3\xa9\"", 1, "unknown escape '\\\xc3\xa9' in string"},
  });
}

TEST(ParserErrors, TooLong) {
  std::string ok = "a" + repeat(" or a", (kMaxExprBytes - 1) / 5);
  ok.resize(kMaxExprBytes, ' ');
  ASSERT_EQ(ok.size(), kMaxExprBytes);
  EXPECT_EQ(parse_ok(ok).kind, ExprKind::Binary);

  expect_errors({{ok + "x", 0, "expression is longer than 16384 bytes"},
                 {std::string(1 << 20, '('), 0, "expression is longer than 16384 bytes"}});
}

TEST(ParserErrors, TooDeep) {
  const std::string deep = "expression nests deeper than 64 levels";
  expect_errors({
      {std::string(10000, '('), 64, deep},
      {std::string(65, '{'), 64, deep},
      {repeat("f(", 70), 129, deep},
      {repeat("not ", 4000) + "x", 256, deep},
      {repeat("not ", 5000) + "x", 0, "expression is longer than 16384 bytes"},
      {repeat("(not ", 40), 160, deep},  // 32 brackets + 32 nots = 64, then one more `(`
      {repeat("not ", 32) + std::string(40, '('), 32 * 4 + 32, deep},
  });
}

TEST(ParserErrors, DepthLimitIsExact) {
  EXPECT_EQ(shown(std::string(64, '(') + "a" + std::string(64, ')')), "a");
  EXPECT_EQ(parse_ok(std::string(64, '{') + std::string(64, '}')).kind, ExprKind::Set);
  Expr nots = parse_ok(repeat("not ", 64) + "x");
  int n = 0;
  for (const Expr* e = &nots; e->kind == ExprKind::Not; e = &e->kids[0]) ++n;
  EXPECT_EQ(n, 64);
  // A `not` stops counting when its operand ends, so siblings do not add up.
  EXPECT_EQ(parse_ok(repeat("not a and ", 200) + "b").kind, ExprKind::Binary);
  EXPECT_EQ(parse_ok("f(" + repeat("not a, ", 200) + "b)").kind, ExprKind::Call);
  // `not in` is an operator, not a nesting `not`.
  EXPECT_EQ(parse_ok(repeat("x not in ", 1) + std::string(63, '(') + "y" + std::string(63, ')')).op,
            BinOp::NotIn);
  // Brackets inside strings are text.
  EXPECT_EQ(parse_ok("\"" + std::string(200, '(') + "\\\"" + "\"").kind, ExprKind::Str);
}

TEST(ParserErrors, LongFlatChainsDoNotRecurse) {
  // Binary operators and attribute chains loop in the grammar; only the tree is deep.
  std::string chain = "a" + repeat("+a", 8000);
  EXPECT_EQ(parse_ok(chain).end, chain.size());
  std::string attrs = "a" + repeat(".b", 8000);
  EXPECT_EQ(parse_ok(attrs).kind, ExprKind::Attr);
}

// Random token soup: whatever comes out, the parser returns (no throw, no crash) and any
// error offset is inside the text.
TEST(ParserErrors, RandomInputNeverEscapes) {
  const std::vector<std::string> pieces = {
      "a", "b1",   "and", "or",  "not", "in", "true", "false", "any",  "all",  "(", ")", "{",  "}",
      ",", ":",    ".",   "==",  "!=",  "<",  "<=",   ">",     ">=",   "+",    "-", "&", "\"", "\\",
      "1", "2012", "-12", "-19", " ",   "\n", "x(",   "\0",    "\xc3", "\xa9", "~", "="};
  std::mt19937 rng(12345);
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text;
    const int n = static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) {
      const std::string& p = pieces[rng() % pieces.size()];
      text += p.empty() ? std::string(1, '\0') : p;
      if (rng() % 3 == 0) text += ' ';
    }
    ParseResult r = parse_expression(text);
    if (auto* e = std::get_if<ParseError>(&r)) {
      EXPECT_LE(e->offset, text.size()) << text;
      EXPECT_FALSE(e->message.empty());
    } else {
      check_spans(text, std::get<Expr>(r));
    }
  }
}

TEST(Parser, LongExampleIsFast) {
  const std::string_view src =
      R"(action in {"basing", "troop_deployment", "military_infrastructure"} and )"
      R"(member("CSTO", host) and not member("CSTO", actor))";
  constexpr int kRuns = 2000;
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t nodes = 0;
  for (int i = 0; i < kRuns; ++i) nodes += std::get<Expr>(parse_expression(src)).kids.size();
  const auto us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0);
  EXPECT_EQ(nodes, 2u * kRuns);
  RecordProperty("us_per_parse", std::to_string(us.count() / kRuns));
  EXPECT_LT(us.count() / kRuns, 1000.0 * ACCORD_TIME_SCALE);  // generous: only catches pathological slowness
}

TEST(Ast, BinopText) {
  EXPECT_STREQ(binop_text(BinOp::Or), "or");
  EXPECT_STREQ(binop_text(BinOp::And), "and");
  EXPECT_STREQ(binop_text(BinOp::Eq), "==");
  EXPECT_STREQ(binop_text(BinOp::Ne), "!=");
  EXPECT_STREQ(binop_text(BinOp::Lt), "<");
  EXPECT_STREQ(binop_text(BinOp::Le), "<=");
  EXPECT_STREQ(binop_text(BinOp::Gt), ">");
  EXPECT_STREQ(binop_text(BinOp::Ge), ">=");
  EXPECT_STREQ(binop_text(BinOp::In), "in");
  EXPECT_STREQ(binop_text(BinOp::NotIn), "not in");
  EXPECT_STREQ(binop_text(BinOp::Union), "+");
  EXPECT_STREQ(binop_text(BinOp::Diff), "-");
  EXPECT_STREQ(binop_text(BinOp::Inter), "&");
}

}  // namespace
}  // namespace accord::internal
