// The expression grammar (Boost.Spirit X3) and the guards around it.
//
// The grammar builds the AST (accord::internal::Expr) directly in semantic actions instead of going
// through a fusion-adapted X3 AST: Expr is a plain recursive struct, and building it in place
// avoids the single-member-struct and forward_ast/annotation pitfalls of Boost 1.74.
//
// Every rule that builds a node assigns a complete fresh Expr in its first action, and only
// after the node's leading token(s) are committed (everything after that point is an
// expectation that throws). X3 lets a failed alternative leave its attribute half written,
// so this is what keeps a backtracked alternative from leaking fields into the next one.
//
// Errors: X3 expectation failures (`>`) and our own SyntaxError (thrown from actions for
// bad literals) are caught in parse_expression and turned into a ParseError; nothing leaves
// this file as an exception.
#include "parse/parser.h"

#include <boost/fusion/include/at_c.hpp>
#include <boost/range/iterator_range.hpp>
#include <boost/spirit/home/x3.hpp>
#include <cstdint>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"

namespace boost::spirit::x3 {
// X3 names an expectation failure after the parser it expected, but for `rule[action]` the
// stock answer is the mangled C++ type name. Forward to the subject so `> name[set_var]`
// reports "a name" like a bare `> name` would.
template <typename Subject, typename Action>
struct get_info<action<Subject, Action>> {
  using result_type = std::string;
  std::string operator()(action<Subject, Action> const& p) const { return what(p.subject); }
};
}  // namespace boost::spirit::x3

namespace accord::internal {
namespace {

namespace x3 = boost::spirit::x3;
using boost::fusion::at_c;
using Iter = const char*;
using Range = boost::iterator_range<Iter>;

// A problem found by a semantic action (bad literal); carries its own message.
struct SyntaxError {
  Iter where;
  std::string message;
};

// Context key under which the start of the text is stored, to turn iterators into offsets.
struct base_tag;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

Iter skip_ws(Iter p, Iter last) {
  while (p != last && is_space(*p)) ++p;
  return p;
}

// How one offending character (or UTF-8 sequence) is shown inside '...' in a message.
// Control bytes and broken UTF-8 become \xNN so messages stay printable, valid UTF-8.
std::string render_char(Iter p, Iter last, Iter* next) {
  const auto b = static_cast<unsigned char>(*p);
  auto hex = [&](unsigned char c) {
    static constexpr char kHex[] = "0123456789abcdef";
    *next = p + 1;
    return std::string{'\\', 'x', kHex[c >> 4], kHex[c & 15]};
  };
  if (b < 0x20 || b == 0x7f) return hex(b);
  if (b < 0x80) {
    *next = p + 1;
    return std::string(1, *p);
  }
  const int len = b >= 0xc2 && b <= 0xdf   ? 2
                  : b >= 0xe0 && b <= 0xef ? 3
                  : b >= 0xf0 && b <= 0xf4 ? 4
                                           : 0;
  if (len == 0 || last - p < len) return hex(b);
  for (int i = 1; i < len; ++i)
    if ((static_cast<unsigned char>(p[i]) & 0xc0) != 0x80) return hex(b);
  *next = p + len;
  return std::string(p, p + len);
}

// The token shown in "unexpected '...'": a whole word or number, a two-character operator,
// or a single character.
std::string token_at(Iter p, Iter last) {
  if (is_ident_char(*p)) {
    Iter q = p;
    while (q != last && is_ident_char(*q)) ++q;
    return std::string(p, q);
  }
  if (last - p >= 2 && p[1] == '=' && (*p == '=' || *p == '!' || *p == '<' || *p == '>'))
    return std::string(p, p + 2);
  Iter next = p;
  return render_char(p, last, &next);
}

// ---------------------------------------------------------------------------------------
// Depth guard. Runs on the raw text before the grammar so that the grammar's recursion (one
// trip through every precedence level per bracket) is bounded by kMaxExprDepth.
// Depth = open `(`/`{` + prefix `not`s still in force. A prefix `not` stays in force until
// its operand ends: at `and`, `or`, `,`, `:` or the closing bracket of its level.

std::optional<ParseError> check_depth(std::string_view text) {
  const std::size_t n = text.size();
  std::vector<int> nots_at_level{0};  // active prefix nots, per bracket level
  int depth = 0;
  auto too_deep = [](std::size_t at) {
    return ParseError{at,
                      "expression nests deeper than " + std::to_string(kMaxExprDepth) + " levels"};
  };
  for (std::size_t i = 0; i < n;) {
    const char c = text[i];
    if (c == '"') {  // brackets and words inside strings do not count
      for (++i; i < n && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
      ++i;
    } else if (c == '(' || c == '{') {
      if (++depth > kMaxExprDepth) return too_deep(i);
      nots_at_level.push_back(0);
      ++i;
    } else if (c == ')' || c == '}') {
      if (nots_at_level.size() > 1) {  // a stray closer is the grammar's problem
        depth -= nots_at_level.back() + 1;
        nots_at_level.pop_back();
      }
      ++i;
    } else if (c == ',' || c == ':') {
      depth -= nots_at_level.back();
      nots_at_level.back() = 0;
      ++i;
    } else if (is_ident_char(c)) {
      std::size_t j = i;
      while (j < n && is_ident_char(text[j])) ++j;
      const std::string_view word = text.substr(i, j - i);
      if (word == "and" || word == "or") {
        depth -= nots_at_level.back();
        nots_at_level.back() = 0;
      } else if (word == "not") {
        std::size_t k = j;
        while (k < n && is_space(text[k])) ++k;
        std::size_t e = k;
        while (e < n && is_ident_char(text[e])) ++e;
        const bool not_in_operator = text.substr(k, e - k) == "in";
        if (!not_in_operator) {
          ++nots_at_level.back();
          if (++depth > kMaxExprDepth) return too_deep(i);
        }
      }
      i = j;
    } else {
      ++i;
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Node construction helpers used by the semantic actions.

template <typename Ctx>
std::uint32_t off(Ctx const& ctx, Iter p) {
  return static_cast<std::uint32_t>(p - x3::get<base_tag>(ctx));
}

template <typename Ctx>
Expr leaf(Ctx const& ctx, ExprKind kind, Range r) {
  Expr e;
  e.kind = kind;
  e.offset = off(ctx, r.begin());
  e.end = off(ctx, r.end());
  return e;
}

Expr binary(BinOp op, Expr lhs, Expr rhs) {
  Expr e;
  e.kind = ExprKind::Binary;
  e.op = op;
  e.offset = lhs.offset;
  e.end = rhs.end;
  e.kids.reserve(2);
  e.kids.push_back(std::move(lhs));
  e.kids.push_back(std::move(rhs));
  return e;
}

// Yields the current offset without skipping whitespace: placed right after a closing token
// it gives the node's end. (X3 1.74's _where() does not give the matched range, so we
// cannot take positions from it.)
struct there_parser : x3::parser<there_parser> {
  using attribute_type = std::uint32_t;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const&, Ctx const& ctx, RCtx&, Attr& attr) const {
    attr = off(ctx, first);
    return true;
  }
};
there_parser const there{};

// ---------------------------------------------------------------------------------------
// Semantic actions.

auto const assign = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };

// `lhs OP rhs` where OP is fixed by the rule (or, and, &); _attr is the right operand.
auto fold(BinOp op) {
  return [op](auto& ctx) {
    auto& v = x3::_val(ctx);
    v = binary(op, std::move(v), std::move(x3::_attr(ctx)));
  };
}

// `lhs OP rhs` where OP was parsed; _attr is (BinOp, Expr).
auto const fold_parsed_op = [](auto& ctx) {
  auto& v = x3::_val(ctx);
  auto& a = x3::_attr(ctx);
  v = binary(at_c<0>(a), std::move(v), std::move(at_c<1>(a)));
};

// (offsets of the leading `not`s, operand): wrapped innermost-first, without recursion.
auto const fold_nots = [](auto& ctx) {
  auto& a = x3::_attr(ctx);
  auto& nots = at_c<0>(a);
  Expr e = std::move(at_c<1>(a));
  for (auto it = nots.rbegin(); it != nots.rend(); ++it) {
    Expr n;
    n.kind = ExprKind::Not;
    n.offset = off(ctx, it->begin());
    n.end = e.end;
    n.kids.push_back(std::move(e));
    e = std::move(n);
  }
  x3::_val(ctx) = std::move(e);
};

auto const make_attr = [](auto& ctx) {
  Range r = x3::_attr(ctx);
  auto& v = x3::_val(ctx);
  Expr e;
  e.kind = ExprKind::Attr;
  e.offset = v.offset;
  e.end = off(ctx, r.end());
  e.text.assign(r.begin(), r.end());
  e.kids.push_back(std::move(v));
  v = std::move(e);
};

auto const push_kid = [](auto& ctx) { x3::_val(ctx).kids.push_back(std::move(x3::_attr(ctx))); };
auto const set_kids = [](auto& ctx) { x3::_val(ctx).kids = std::move(x3::_attr(ctx)); };
auto const set_end = [](auto& ctx) { x3::_val(ctx).end = x3::_attr(ctx); };
auto const set_var = [](auto& ctx) {
  x3::_val(ctx).var.assign(x3::_attr(ctx).begin(), x3::_attr(ctx).end());
};

// Starts a node from the range of its first token; `with_text` keeps that token as text.
auto start(ExprKind kind, bool with_text) {
  return [kind, with_text](auto& ctx) {
    Range r = x3::_attr(ctx);
    Expr e = leaf(ctx, kind, r);
    if (with_text) e.text.assign(r.begin(), r.end());
    x3::_val(ctx) = std::move(e);
  };
}

auto const make_bool = [](auto& ctx) {
  Range r = x3::_attr(ctx);
  Expr e = leaf(ctx, ExprKind::Bool, r);
  e.ival = *r.begin() == 't' ? 1 : 0;
  x3::_val(ctx) = std::move(e);
};

auto const make_int = [](auto& ctx) {
  Range r = x3::_attr(ctx);
  std::int64_t v = 0;
  for (char c : r) {
    const int d = c - '0';
    if (v > (std::numeric_limits<std::int64_t>::max() - d) / 10)
      throw SyntaxError{r.begin(), "integer out of range"};
    v = v * 10 + d;
  }
  Expr e = leaf(ctx, ExprKind::Int, r);
  e.ival = v;
  x3::_val(ctx) = std::move(e);
};

auto const make_date = [](auto& ctx) {
  Range r = x3::_attr(ctx);
  const std::string_view s(r.begin(), static_cast<std::size_t>(r.end() - r.begin()));
  const auto days = parse_date(s);
  if (!days) throw SyntaxError{r.begin(), "invalid date '" + std::string(s) + "'"};
  Expr e = leaf(ctx, ExprKind::Date, r);
  e.ival = *days;
  x3::_val(ctx) = std::move(e);
};

// The string token is recognised loosely (the closing quote is optional) so that escapes and
// a missing closing quote get their own messages here instead of a vague "expected ...".
auto const make_string = [](auto& ctx) {
  Range r = x3::_attr(ctx);
  Iter p = r.begin() + 1;  // past the opening quote
  const Iter last = r.end();
  std::string value;
  for (;;) {
    if (p == last) throw SyntaxError{r.begin(), "unterminated string"};
    if (*p == '"') break;
    if (*p == '\\') {
      if (p + 1 == last) throw SyntaxError{r.begin(), "unterminated string"};
      if (p[1] != '"' && p[1] != '\\') {
        Iter next = p;
        throw SyntaxError{p,
                          "unknown escape '\\" + render_char(p + 1, last, &next) + "' in string"};
      }
      ++p;
    }
    value.push_back(*p++);
  }
  Expr e = leaf(ctx, ExprKind::Str, r);
  e.text = std::move(value);
  x3::_val(ctx) = std::move(e);
};

// ---------------------------------------------------------------------------------------
// Tokens. Character classes are explicit ranges, not x3::alpha & co, so bytes >= 0x80 are
// never handed to the <cctype> functions.

auto const skipper = x3::char_(" \t\r\n");
auto const digit = x3::char_('0', '9');
auto const ident_start = x3::char_('a', 'z') | x3::char_('A', 'Z') | x3::char_('_');
auto const ident_char = ident_start | digit;

// A keyword is a whole word: `or` must not match the start of `order`.
auto kw(char const* k) { return x3::lexeme[x3::lit(k) >> !ident_char]; }
auto const kw_or = kw("or");
auto const kw_and = kw("and");
auto const kw_not = kw("not");
auto const kw_in = kw("in");
auto const kw_true = kw("true");
auto const kw_false = kw("false");
auto const keyword = kw_or | kw_and | kw_not | kw_in | kw_true | kw_false;

// Rule names double as the "expected ..." text of expectation failures.
using x3::rule;
rule<class rparen_r> const rparen = "')'";
rule<class rbrace_r> const rbrace = "'}'";
rule<class colon_r> const colon = "':'";
rule<class in_r> const in_kw = "'in'";
rule<class name_r, Range> const name = "a name";
rule<class cmp_op_r, BinOp> const cmp_op = "a comparison";
rule<class not_marks_r, std::vector<Range>> const not_marks = "not";
rule<class args_r, std::vector<Expr>> const call_args = "an expression";
rule<class elems_r, std::vector<Expr>> const set_elems = "an expression";

rule<class expr_r, Expr> const expr = "an expression";  // the `or` level
rule<class and_r, Expr> const and_expr = "an expression";
rule<class not_r, Expr> const not_expr = "an expression";
rule<class cmp_r, Expr> const cmp_expr = "an expression";
rule<class union_r, Expr> const union_expr = "an expression";
rule<class inter_r, Expr> const inter_expr = "an expression";
rule<class postfix_r, Expr> const postfix_expr = "an expression";
rule<class primary_r, Expr> const primary = "an expression";
rule<class paren_r, Expr> const paren = "an expression";
rule<class set_lit_r, Expr> const set_lit = "a set";
rule<class quant_r, Expr> const quant = "a quantifier";
rule<class call_r, Expr> const call = "a call";
rule<class bool_r, Expr> const bool_lit = "a boolean";
rule<class date_r, Expr> const date_lit = "a date";
rule<class int_r, Expr> const int_lit = "an integer";
rule<class str_r, Expr> const str_lit = "a string";
rule<class name_node_r, Expr> const name_node = "a name";

x3::symbols<BinOp> const cmp_symbols{{"==", BinOp::Eq}, {"!=", BinOp::Ne}, {"<", BinOp::Lt},
                                     {"<=", BinOp::Le}, {">", BinOp::Gt},  {">=", BinOp::Ge}};
x3::symbols<BinOp> const set_symbols{{"+", BinOp::Union}, {"-", BinOp::Diff}};

auto const rparen_def = x3::lit(')');
auto const rbrace_def = x3::lit('}');
auto const colon_def = x3::lit(':');
auto const in_kw_def = kw_in;
auto const name_def = x3::raw[x3::lexeme[!keyword >> ident_start >> *ident_char]];

// ---------------------------------------------------------------------------------------
// Grammar, loosest level first. Binary levels loop instead of recursing, so long operator
// chains cost no stack; only brackets recurse, and check_depth bounds those.

auto const expr_def = and_expr[assign] >> *((kw_or > and_expr)[fold(BinOp::Or)]);
auto const and_expr_def = not_expr[assign] >> *((kw_and > not_expr)[fold(BinOp::And)]);

// `not not x`: collect the `not`s, then fold them around one operand (no recursion).
// After a prefix `not` an operand must follow, so `not in x` fails at `in`, not at `not`.
auto const not_marks_def = +x3::raw[kw_not];
auto const not_expr_def = (not_marks > cmp_expr)[fold_nots] | cmp_expr[assign];

// Non-associative: at most one comparison, so `a == b == c` stops before the second `==`.
auto const cmp_op_def =
    cmp_symbols | (kw_not >> kw_in >> x3::attr(BinOp::NotIn)) | (kw_in >> x3::attr(BinOp::In));
auto const cmp_expr_def = union_expr[assign] >> -((cmp_op > union_expr)[fold_parsed_op]);

auto const union_expr_def = inter_expr[assign] >> *((set_symbols > inter_expr)[fold_parsed_op]);
auto const inter_expr_def = postfix_expr[assign] >>
                            *((x3::lit('&') > postfix_expr)[fold(BinOp::Inter)]);
auto const postfix_expr_def = primary[assign] >> *((x3::lit('.') > name)[make_attr]);

// Order matters: a date before an integer (`2012-12-19` is not `2012 - 12 - 19`), a
// quantifier before a call (`any(` commits to a quantifier), a call before a bare name.
auto const primary_def =
    paren | set_lit | quant | bool_lit | date_lit | int_lit | str_lit | call | name_node;

auto const paren_def = x3::lit('(') > expr[assign] > rparen;

// After `(` or `{` comes either the closer or a list; if neither, the complaint is
// "expected an expression", which reads better than "expected ')'" for `f(in)`.
auto const call_args_def = x3::lit(')') | ((expr >> *(x3::lit(',') > expr)) > rparen);
auto const set_elems_def = x3::lit('}') | ((expr >> *(x3::lit(',') > expr)) > rbrace);

// A node starts once its leading token(s) matched (`{`, `name(`, `any(`); after that only
// expectations follow, and `there` records where the closer ended.
auto const set_lit_def = (x3::raw[x3::lit('{')][start(ExprKind::Set, false)]  //
                          > set_elems[set_kids]) >>
                         there[set_end];
auto const call_def = ((name >> x3::lit('('))[start(ExprKind::Call, true)]  //
                       > call_args[set_kids]) >>
                      there[set_end];
// `any(` / `all(` commit to a quantifier; a field named `any` is still a plain name.
auto const quant_head = x3::raw[x3::lexeme[(x3::lit("any") | x3::lit("all")) >> !ident_char]] >>
                        x3::lit('(');
auto const quant_def =
    (quant_head[start(ExprKind::Quant, true)]  //
     > name[set_var] > in_kw > expr[push_kid] > colon > expr[push_kid] > rparen) >>
    there[set_end];

auto const bool_lit_def = x3::raw[kw_true | kw_false][make_bool];
auto const date_token =
    x3::lexeme[x3::repeat(4)[digit] >> '-' >> x3::repeat(2)[digit] >> '-' >> x3::repeat(2)[digit]];
auto const date_lit_def = x3::raw[date_token][make_date];
auto const int_lit_def = x3::raw[x3::lexeme[+digit]][make_int];
auto const str_token = x3::lexeme['"' >> *(('\\' >> x3::char_) | ~x3::char_('"')) >> -x3::lit('"')];
auto const str_lit_def = x3::raw[str_token][make_string];
auto const name_node_def = name[start(ExprKind::Name, true)];

BOOST_SPIRIT_DEFINE(rparen, rbrace, colon, in_kw, name, cmp_op, not_marks, call_args, set_elems,
                    expr, and_expr, not_expr, cmp_expr, union_expr, inter_expr, postfix_expr,
                    primary, paren, set_lit, quant, call, bool_lit, date_lit, int_lit, str_lit,
                    name_node)

// The only names an expectation can report; anything else would be a grammar bug, and the
// message list is a promise to callers, so fall back to the generic one.
std::string expected_message(std::string const& which) {
  // ':' and 'in' are only expected inside a quantifier: show its shape.
  if (which == "':'") return "expected ':' after the set, as in any(x in SET: CONDITION)";
  if (which == "'in'") return "expected 'in' after the variable, as in any(x in SET: CONDITION)";
  for (const char* known : {"an expression", "')'", "'}'", "a name"})
    if (which == known) return "expected " + which;
  return "expected an expression";
}

}  // namespace

ParseResult parse_expression(std::string_view text) {
  if (text.size() > kMaxExprBytes)
    return ParseError{0, "expression is longer than " + std::to_string(kMaxExprBytes) + " bytes"};
  if (auto err = check_depth(text)) return *std::move(err);

  const Iter base = text.data();
  const Iter last = base + text.size();
  auto at = [&](Iter p) { return static_cast<std::size_t>(skip_ws(p, last) - base); };
  if (skip_ws(base, last) == last) return ParseError{0, "expected an expression"};

  try {
    Iter first = base;
    Expr out;
    const bool ok = x3::phrase_parse(first, last, x3::with<base_tag>(base)[expr], skipper, out);
    if (!ok) return ParseError{at(first), "expected an expression"};
    first = skip_ws(first, last);
    if (first != last) return ParseError{at(first), "unexpected '" + token_at(first, last) + "'"};
    return out;
  } catch (x3::expectation_failure<Iter> const& e) {
    return ParseError{at(e.where()), expected_message(e.which())};
  } catch (SyntaxError const& e) {
    return ParseError{static_cast<std::size_t>(e.where - base), e.message};
  } catch (std::bad_alloc const&) {
    return ParseError{0, "out of memory"};
  }
}

}  // namespace accord::internal
