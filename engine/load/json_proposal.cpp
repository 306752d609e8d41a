#include "load/json_proposal.h"

#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "load/proposal_loader.h"
#include "load/simple_json.h"
#include "load/yaml_doc.h"

namespace accord::internal {

// Most lines are read by read_simple_json (load/simple_json.h), which takes only plain strings
// and leaves every other text to the general reader: simdjson On-Demand. That one validates
// the line (UTF-8, structure) as it walks it, once, with strings unescaped straight into the
// parser's buffer; nothing is built but the Proposal.
struct JsonProposalReader::Parser {
  simdjson::ondemand::parser parser;
};

JsonProposalReader::JsonProposalReader(const Tables& t, std::vector<std::string> positions)
    : builder_(t), positions_(std::move(positions)), parser_(std::make_unique<Parser>()) {}

JsonProposalReader::~JsonProposalReader() = default;

std::size_t JsonProposalReader::padding() { return simdjson::SIMDJSON_PADDING; }

bool JsonProposalReader::read(const char* text, std::size_t len, Date default_date, Proposal& p) {
  builder_.reset(p);
  switch (read_simple_json(builder_, text, len, p)) {
    case SimpleRead::Read: return finish(p, default_date);
    case SimpleRead::Rejected: return false;
    case SimpleRead::NotSimple: break;
  }
  return read_general(text, len, default_date, p);
}

bool JsonProposalReader::read_general(const char* text, std::size_t len, Date default_date, Proposal& p) {
  using namespace simdjson;
  builder_.reset(p);
  ondemand::document doc;
  if (parser_->parser.iterate(text, len, len + SIMDJSON_PADDING).get(doc)) return false;
  ondemand::object obj;
  if (doc.get_object().get(obj)) return false;
  // Duplicate keys: explain() reports them (as a proposal file would).
  ObjectChecks checks(builder_);
  for (auto entry : obj) {
    ondemand::field field;
    std::string_view key;
    if (std::move(entry).get(field) || field.unescaped_key().get(key)) return false;
    ondemand::value v = field.value();
    const int fi = checks.key(key, p);  // a field's index, or a built-in key
    if (fi == ProposalBuilder::kUnknownKey) return false;
    if (fi == ProposalBuilder::kPositionsKey) {
      ondemand::object pos;
      if (v.get_object().get(pos)) return false;
      for (auto stance_entry : pos) {
        ondemand::field stance;
        std::string_view party, s;
        if (std::move(stance_entry).get(stance) || stance.unescaped_key().get(party)) return false;
        if (stance.value().get_string().get(s) || !checks.position(p, party, s)) return false;
      }
      continue;
    }
    ondemand::json_type type;
    if (v.type().get(type)) return false;
    std::string_view s;
    char num[32];
    switch (type) {
      case ondemand::json_type::array: {
        ondemand::array items;
        if (v.get_array().get(items)) return false;
        if (fi < 0) return false;  // id or title: explain() says what they take
        builder_.mark_present(p, fi);
        for (auto item : items)
          if (item.get_string().get(s) || builder_.add_to_set(p, fi, s)) return false;
        continue;
      }
      case ondemand::json_type::string:
        if (v.get_string().get(s)) return false;
        break;
      case ondemand::json_type::boolean: {
        bool b;
        if (v.get_bool().get(b)) return false;
        s = b ? "true" : "false";
        break;
      }
      case ondemand::json_type::number: {
        std::int64_t n;  // a fraction or a number out of int64's range is explained by explain()
        if (v.get_int64().get(n)) return false;
        const auto w = std::snprintf(num, sizeof num, "%lld", static_cast<long long>(n));
        s = std::string_view(num, static_cast<std::size_t>(w));
        break;
      }
      case ondemand::json_type::null: {
        bool null = false;  // `type()` only looks at the first letter: `nul`, `ng` are not null
        if (v.is_null().get(null) || !null || builder_.unset(p, key)) return false;  // rare: by name
        continue;
      }
      case ondemand::json_type::object: return false;
    }
    if (builder_.set(p, fi, s)) return false;  // a field, id or title (positions went above)
  }
  if (const char* rest; !doc.current_location().get(rest)) return false;  // anything after the object
  return finish(p, default_date);
}

bool JsonProposalReader::finish(Proposal& p, Date default_date) const {
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
