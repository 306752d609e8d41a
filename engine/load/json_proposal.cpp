#include "load/json_proposal.h"

#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "load/proposal_loader.h"
#include "load/yaml_doc.h"

namespace accord::internal {

struct JsonProposalReader::Parser {
  simdjson::dom::parser dom;
};

JsonProposalReader::JsonProposalReader(const Tables& t, std::vector<std::string> positions)
    : builder_(t), positions_(std::move(positions)), parser_(std::make_unique<Parser>()) {}

JsonProposalReader::~JsonProposalReader() = default;

std::size_t JsonProposalReader::padding() { return simdjson::SIMDJSON_PADDING; }

bool JsonProposalReader::read(const char* text, std::size_t len, Date default_date, Proposal& p) {
  using namespace simdjson;
  builder_.reset(p);
  dom::element doc;
  if (parser_->dom.parse(text, len, false).get(doc)) return false;
  dom::object obj;
  if (doc.get_object().get(obj)) return false;
  // Duplicate keys: explain() reports them (as a proposal file would). Fields are caught by
  // their `present` bit, positions by a set of parties already stated.
  bool seen_id = false, seen_title = false, seen_positions = false;
  for (auto [key, v] : obj) {
    int fi = -1;  // the field's index, looked up once per key
    if (key == "id" || key == "title" || key == "positions") {
      bool& seen = key == "id" ? seen_id : key == "title" ? seen_title : seen_positions;
      if (seen) return false;
      seen = true;
    } else if (fi = builder_.field_index(key); fi < 0 || (p.present >> fi & 1)) {
      return false;  // unknown field, or given twice
    }
    if (key == "positions") {
      dom::object pos;
      if (v.get_object().get(pos)) return false;
      Bits stated;
      for (auto [party, stance] : pos) {
        const SymId id = builder_.party_id(party);
        if (id != kNone && stated.test(id)) return false;
        stated.set(id);
        std::string_view s;
        if (stance.get_string().get(s) || builder_.set_position(p, party, s)) return false;
      }
      continue;
    }
    std::string_view s;
    char num[32];
    switch (v.type()) {
      case dom::element_type::ARRAY:
        builder_.mark_present(p, key);
        for (auto item : dom::array(v)) {
          if (item.get_string().get(s) || builder_.add_to_set(p, key, s)) return false;
        }
        continue;
      case dom::element_type::STRING: s = std::string_view(v); break;
      case dom::element_type::BOOL: s = bool(v) ? "true" : "false"; break;
      case dom::element_type::INT64: {
        const auto n = std::snprintf(num, sizeof num, "%lld", static_cast<long long>(std::int64_t(v)));
        s = std::string_view(num, static_cast<std::size_t>(n));
        break;
      }
      case dom::element_type::NULL_VALUE:
        if (builder_.unset(p, key)) return false;
        continue;
      default: return false;
    }
    if (fi >= 0 ? builder_.set(p, fi, s) : builder_.set(p, key, s)) return false;
  }
  for (const auto& spec : positions_)
    if (builder_.set_position(p, spec)) return false;
  return !builder_.finish(p, default_date);
}

bool check_json_syntax(const SourceRef& src, Diagnostics& d) {
  const std::string& text = src->text();
  try {
    [[maybe_unused]] auto parsed = nlohmann::json::parse(text);
    return true;
  } catch (const nlohmann::json::parse_error& e) {
    std::string msg = e.what();
    if (auto k = msg.find(": syntax error"); k != std::string::npos) msg = msg.substr(k + 2);
    // nlohmann reports the last byte of the offending token; point at its first instead.
    std::size_t at = e.byte > 0 ? std::min<std::size_t>(e.byte - 1, text.size()) : 0;
    if (at < text.size() && at > 0 && text[at] == '"') {
      std::size_t b = at - 1;
      while (b > 0 && !(text[b] == '"' && text[b - 1] != '\\')) --b;
      if (text[b] == '"') at = b;
    } else {
      auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+'; };
      while (at > 0 && at < text.size() && word(text[at]) && word(text[at - 1])) --at;
    }
    d.error_at(*src, at, "malformed JSON: " + msg);
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double ("number overflow parsing '1e999'"): no byte offset
    // comes with it, so point at the number's first occurrence.
    const std::string msg = e.what();
    std::string token;
    if (const auto q = msg.find('\''); q != std::string::npos) token = msg.substr(q + 1, msg.rfind('\'') - q - 1);
    const auto found = token.empty() ? std::string::npos : text.find(token);
    d.error_at(*src, found == std::string::npos ? 0 : found,
               token.empty() ? "malformed JSON: " + msg : "number out of range: " + token);
  }
  return false;
}

void JsonProposalReader::explain(const SourceRef& src, Date default_date, Diagnostics& d) const {
  if (check_json_syntax(src, d)) {
    if (auto root = parse_yaml(src, d)) {
      Proposal p;
      builder_.reset(p);
      if (apply_proposal_fields(src, *root, builder_, p, d)) finish_proposal(src, *root, builder_, default_date, p, d);
    }
  }
  if (!d.has_errors()) d.error_at(*src, 0, "this is not a valid proposal");
}

}  // namespace accord::internal
