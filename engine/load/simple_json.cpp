#include "load/simple_json.h"

#include <string_view>

#include "core/utf8.h"

namespace accord::internal {

namespace {

class Scanner {
 public:
  Scanner(const char* text, std::size_t len) : at_(text), end_(text + len) {}

  // If the next byte but JSON whitespace is `c`, takes it. Lines seldom have whitespace:
  // the byte itself is tried first.
  bool eat(char c) {
    if (at_ < end_ && *at_ == c) {
      ++at_;
      return true;
    }
    space();
    if (at_ < end_ && *at_ == c) {
      ++at_;
      return true;
    }
    return false;
  }
  char peek() {
    space();
    return at_ < end_ ? *at_ : '\0';
  }
  // A plain string (its bytes between the quotes), or false: not a string, or one with an
  // escape, a control character or a byte of UTF-8.
  bool plain_string(std::string_view& s) {
    if (!eat('"')) return false;
    const char* const from = at_;
    const char* stop = next_to_look_at(from);
    if (stop >= end_ || *stop != '"') return false;
    s = std::string_view(from, static_cast<std::size_t>(stop - from));
    at_ = stop + 1;
    return true;
  }
  // `true` or `false` (what follows is checked as after any value: a comma or a brace).
  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - at_) < word.size() || std::string_view(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }
  bool at_end() {
    space();
    return at_ == end_;
  }

 private:
  void space() {
    while (at_ < end_ && (*at_ == ' ' || *at_ == '\t' || *at_ == '\n' || *at_ == '\r')) ++at_;
  }
  // The first byte from `p` that ends or spoils a plain string: '"', '\\', a control
  // character or a byte >= 0x80; at or past the end when there is none before it (the caller
  // checks). Blocks start before the end, so at most 15 bytes past it are read.
  const char* next_to_look_at(const char* p) const {
#if defined(__SSE2__)
    for (; p < end_; p += 16)
      if (const unsigned mask = json_bytes_to_look_at16(p)) return p + __builtin_ctz(mask);
#else
    for (; p < end_; ++p) {
      const auto c = static_cast<unsigned char>(*p);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return p;
    }
#endif
    return end_;
  }

  const char* at_;
  const char* const end_;
};

}  // namespace

// Mirrors JsonProposalReader's general walk: the same checks (ObjectChecks) and builder calls,
// in the same order, so that a text both read gives the same proposal and a text this one rejects is one
// the general reader rejects too.
SimpleRead read_simple_json(const ProposalBuilder& b, const char* text, std::size_t len, Proposal& p) {
  Scanner s(text, len);
  if (!s.eat('{')) return SimpleRead::NotSimple;
  ObjectChecks checks(b);
  if (!s.eat('}')) {
    do {
      std::string_view key, v;
      if (!s.plain_string(key) || !s.eat(':')) return SimpleRead::NotSimple;
      const int fi = checks.key(key, p);
      if (fi == ProposalBuilder::kUnknownKey) return SimpleRead::Rejected;
      if (fi == ProposalBuilder::kPositionsKey) {
        if (!s.eat('{')) return SimpleRead::NotSimple;
        if (s.eat('}')) continue;
        do {
          std::string_view party, stance;
          if (!s.plain_string(party) || !s.eat(':') || !s.plain_string(stance)) return SimpleRead::NotSimple;
          if (!checks.position(p, party, stance)) return SimpleRead::Rejected;
        } while (s.eat(','));
        if (!s.eat('}')) return SimpleRead::NotSimple;
        continue;
      }
      switch (s.peek()) {
        case '"':
          if (!s.plain_string(v)) return SimpleRead::NotSimple;
          break;
        case 't':
          if (!s.literal("true")) return SimpleRead::NotSimple;
          v = "true";
          break;
        case 'f':
          if (!s.literal("false")) return SimpleRead::NotSimple;
          v = "false";
          break;
        case '[': {
          s.eat('[');
          if (fi < 0) return SimpleRead::Rejected;  // id or title take one value
          b.mark_present(p, fi);
          if (s.eat(']')) continue;
          do {
            if (!s.plain_string(v)) return SimpleRead::NotSimple;
            if (b.add_to_set(p, fi, v)) return SimpleRead::Rejected;
          } while (s.eat(','));
          if (!s.eat(']')) return SimpleRead::NotSimple;
          continue;
        }
        default:
          return SimpleRead::NotSimple;  // a number, null, an object, or not JSON
      }
      if (b.set(p, fi, v)) return SimpleRead::Rejected;
    } while (s.eat(','));
    if (!s.eat('}')) return SimpleRead::NotSimple;
  }
  return s.at_end() ? SimpleRead::Read : SimpleRead::NotSimple;
}

}  // namespace accord::internal
