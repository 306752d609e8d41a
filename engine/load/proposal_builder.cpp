#include "load/proposal_builder.h"

#include "core/utf8.h"

#include <algorithm>
#include <bit>
#include <charconv>

namespace accord::internal {

static int alpha3_index(std::string_view c) {
  if (c.size() != 3) return -1;
  int i = 0;
  for (char ch : c) {
    if (ch < 'A' || ch > 'Z') return -1;
    i = i * 26 + (ch - 'A');
  }
  return i;
}

// keys_ ids: the built-in keys first, then the fields (a schema cannot declare a built-in name).
static constexpr SymId kFirstFieldKey = 4;

// A key's length and three of its bytes (first, middle, last), multiplied: the top bits pick
// its slot. Keys are never empty (key_index checks).
std::size_t ProposalBuilder::key_slot(std::string_view key) const {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(key[i])); };
  const std::uint32_t mixed = static_cast<std::uint32_t>(key.size()) ^ byte(0) << 8 ^ byte(key.size() / 2) << 16 ^
                              byte(key.size() - 1) << 24;
  return (mixed * key_mul_) >> key_shift_;
}

ProposalBuilder::ProposalBuilder(const Tables& t) : t_(t), alpha3_(26 * 26 * 26, kNone) {
  for (const char* builtin : {"id", "title", "positions"}) keys_.intern(builtin);
  for (const Field& f : t.fields) keys_.intern(f.name);
  // The perfect hash: odd multipliers from a fixed sequence, in tables of at least 4 slots a
  // key (64 to 4096), until one puts every key in a slot of its own.
  std::uint32_t seed = 0x9E3779B9u;
  for (unsigned bits = 6; bits <= 12 && key_slots_.empty(); ++bits) {
    if ((std::size_t{1} << bits) < 4 * keys_.size()) continue;
    key_shift_ = 32 - bits;
    for (int attempt = 0; attempt < 200 && key_slots_.empty(); ++attempt) {
      seed = seed * 1664525u + 1013904223u;
      key_mul_ = seed | 1;
      std::vector<SymId> slots(std::size_t{1} << bits, kNone);
      bool clash = false;
      for (SymId k = 1; k < keys_.size() && !clash; ++k) {
        SymId& slot = slots[key_slot(keys_.name(k))];
        clash = slot != kNone;
        slot = k;
      }
      if (!clash) key_slots_ = std::move(slots);
    }
  }
  for (std::size_t id = 1; id < t.parties.size(); ++id)
    if (int i = alpha3_index(t.parties.name(static_cast<SymId>(id))); i >= 0) alpha3_[static_cast<size_t>(i)] = static_cast<SymId>(id);
}

void ProposalBuilder::reset(Proposal& p) const {
  p.id.clear();
  p.title.clear();
  p.date = 0;
  p.has_date = false;
  p.scalars.assign(t_.scalar_slots, 0);
  p.sets.assign(t_.set_slots, Bits{});
  p.present = 0;
  p.consented.clear();
  p.objected.clear();
  p.abstained.clear();
}

FieldError FieldError::of(FieldProblem kind, std::string message) {
  return message.empty() ? FieldError() : FieldError{kind, std::move(message)};
}

FieldError ProposalBuilder::unknown_field(std::string_view name) const {
  return {FieldProblem::UnknownField, with_suggestion("unknown proposal field '" + std::string(name) + "'", name, field_names())};
}

inline SymId ProposalBuilder::exact_party(std::string_view code) const {
  if (const int i = alpha3_index(code); i >= 0) return alpha3_[static_cast<size_t>(i)];
  const auto id = t_.parties.find(code);
  return id ? *id : kNone;
}

FieldError ProposalBuilder::party(std::string_view code, SymId& out) const {
  if ((out = exact_party(code)) != kNone) return {};
  return FieldError::of(FieldProblem::UnknownParty, resolve_party(t_, code, out));
}

FieldError ProposalBuilder::unset(Proposal& p, std::string_view name) const {
  if (name == "id") return p.id.clear(), FieldError();
  if (name == "title") return p.title.clear(), FieldError();
  const Field* f = t_.field(name);
  if (!f) return unknown_field(name);
  if (f->slot == kActionSlot && f->type == FieldType::String) return {FieldProblem::NotAllowed, "the action cannot be removed"};
  if (f->type == FieldType::Parties) p.sets[f->slot].clear();
  else p.scalars[f->slot] = 0;
  if (f->type == FieldType::Date && f->slot == kDateSlot) p.has_date = false;
  p.present &= ~(std::uint64_t{1} << (f - t_.fields.data()));
  return {};
}

void ProposalBuilder::clear_set(Proposal& p, std::string_view name) const {
  if (const Field* f = t_.field(name); f && f->type == FieldType::Parties) p.sets[f->slot].clear();
}

void ProposalBuilder::mark_present(Proposal& p, std::string_view name) const {
  if (const int fi = field_index(name); fi >= 0) mark_present(p, fi);
}

int ProposalBuilder::key_index(std::string_view key) const {
  if (key.empty()) return kUnknownKey;
  SymId k = kNone;
  if (!key_slots_.empty()) {
    k = key_slots_[key_slot(key)];
    if (k == kNone || !same_name(keys_.name(k), key)) return kUnknownKey;
  } else {
    k = keys_.find(key).value_or(kNone);
    if (k == kNone) return kUnknownKey;
  }
  return k >= kFirstFieldKey ? k - kFirstFieldKey : -1 - k;  // 1, 2, 3: kIdKey, kTitleKey, kPositionsKey
}

int ProposalBuilder::field_index(std::string_view name) const {
  const int k = key_index(name);
  return k >= 0 ? k : -1;
}

SymId ProposalBuilder::party_id(std::string_view code) const {
  if (const SymId id = exact_party(code)) return id;
  return t_.party_index.find(code).value_or(kNone);  // no message: the caller says what is wrong
}

bool ProposalBuilder::is_set_field(std::string_view name) const {
  const Field* f = t_.field(name);
  return f && f->type == FieldType::Parties;
}

std::vector<std::string> ProposalBuilder::field_names() const {
  std::vector<std::string> names = {"id", "title", "positions"};
  for (const auto& f : t_.fields) names.push_back(f.name);
  return names;
}

FieldError ProposalBuilder::set(Proposal& p, std::string_view name, std::string_view value) const {
  const int k = key_index(name);
  if (k == kUnknownKey || k == kPositionsKey) return unknown_field(name);
  return set(p, k, value);
}

FieldError ProposalBuilder::set(Proposal& p, int key, std::string_view value) const {
  // id and title are shown on terminals and written to JSON: made safe once (core/utf8.h).
  if (key == kIdKey) return assign_terminal_safe(p.id, value), FieldError();
  if (key == kTitleKey) return assign_terminal_safe(p.title, value), FieldError();
  const auto index = static_cast<size_t>(key);
  const Field* f = &t_.fields[index];
  std::int64_t& slot = p.scalars[f->slot];
  switch (f->type) {
    case FieldType::Party: {
      SymId id;
      if (auto err = party(value, id)) return err;
      slot = id;
      break;
    }
    case FieldType::Site: {
      // The exact id first (batch input), then any name or alias ("Manas air base").
      SymId id = t_.sites.find(value).value_or(kNone);
      if (id == kNone)
        if (auto err = resolve_site(t_, value, id); !err.empty()) return {FieldProblem::BadValue, std::move(err)};
      slot = id;
      break;
    }
    case FieldType::Bool:
      if (value == "true") slot = 1;
      else if (value == "false") slot = 0;
      else return {FieldProblem::BadValue, "field '" + f->name + "' takes true or false, found '" + std::string(value) + "'"};
      break;
    case FieldType::Int: {
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), slot);
      if (ec != std::errc() || ptr != value.data() + value.size())
        return {FieldProblem::BadValue, "field '" + f->name + "' takes an integer, found '" + std::string(value) + "'"};
      break;
    }
    case FieldType::Date: {
      auto d = parse_date(value);
      // '\'' + string, not "'" + string: GCC 12's bogus -Wrestrict (GCC bug 105329).
      if (!d) return {FieldProblem::BadValue, '\'' + std::string(value) + "' is not a date: expected YYYY-MM-DD with a real calendar day"};
      slot = *d;
      if (f->slot == kDateSlot) p.date = *d, p.has_date = true;
      break;
    }
    case FieldType::String: {
      // The exact spelling first (batch input), then as a person types it ("Armed attack").
      auto id = t_.strings.find(value);
      if (!id || !t_.domains[f->domain].set.test(*id)) {
        SymId named = kNone;
        if (auto err = resolve_value(t_, f->domain, value, named); !err.empty()) return {FieldProblem::BadValue, std::move(err)};
        id = named;
      }
      slot = *id;
      break;
    }
    case FieldType::Parties:
      return {FieldProblem::NotAllowed, "field '" + f->name + "' takes a list of parties"};
  }
  p.present |= std::uint64_t{1} << index;
  return {};
}

FieldError ProposalBuilder::set_text(Proposal& p, std::string_view name, std::string_view value) const {
  if (!is_set_field(name)) return set(p, name, value);
  clear_set(p, name);
  mark_present(p, name);
  for (std::size_t start = 0; !value.empty() && start <= value.size();) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    if (FieldError err = add_to_set(p, name, value.substr(start, comma - start))) return err;
    start = comma + 1;
  }
  return {};
}

FieldError ProposalBuilder::add_to_set(Proposal& p, std::string_view name, std::string_view code) const {
  const int fi = field_index(name);
  if (fi < 0) return {FieldProblem::NotAllowed, "field '" + std::string(name) + "' is not a list of parties"};
  return add_to_set(p, fi, code);
}

FieldError ProposalBuilder::add_to_set(Proposal& p, int fi, std::string_view code) const {
  const Field& f = t_.fields[static_cast<std::size_t>(fi)];
  if (f.type != FieldType::Parties) return {FieldProblem::NotAllowed, "field '" + f.name + "' is not a list of parties"};
  SymId id;
  if (auto err = party(code, id)) return err;
  p.sets[f.slot].set(id);
  mark_present(p, fi);
  return {};
}

FieldError ProposalBuilder::set_position(Proposal& p, std::string_view code, std::string_view pos) const {
  SymId id;
  if (auto err = party(code, id)) return err;
  return set_position(p, id, code, pos);
}

// The stance a position's exact lower-case spelling names (batch input): one comparison.
static Position exact_stance(std::string_view pos) {
  const Position guess = pos.size() == 7 ? (pos[0] == 'c' ? Position::Consent : Position::Abstain)
                         : pos.size() == 6 ? Position::Object
                                           : Position::None;
  static constexpr std::string_view kNames[] = {"", "consent", "object", "abstain"};
  return guess != Position::None && same_name(pos, kNames[static_cast<int>(guess)]) ? guess : Position::None;
}

FieldError ProposalBuilder::set_position(Proposal& p, SymId id, std::string_view code, std::string_view pos) const {
  // The exact spelling first (batch input), then any case ("Object"); `none` clears a stated
  // position (scenario steps).
  Position stance = exact_stance(pos);
  if (stance == Position::None) {
    const std::optional<SymId> named = t_.domains[kPositionDomain].index.find(pos);
    if (!named)
      return {FieldProblem::BadValue, with_suggestion("unknown position '" + std::string(pos) + "' for " + std::string(code) +
                                 " (positions are consent, object, abstain; none clears one)",
                             pos, {"consent", "object", "abstain"})};
    for (const Position s : {Position::Consent, Position::Object, Position::Abstain})
      if (*named == t_.pos_sym[static_cast<int>(s)]) stance = s;
  }
  p.consented.reset(id);
  p.objected.reset(id);
  p.abstained.reset(id);
  if (stance == Position::Consent) p.consented.set(id);
  else if (stance == Position::Object) p.objected.set(id);
  else if (stance == Position::Abstain) p.abstained.set(id);
  return {};
}

FieldError ProposalBuilder::set_position(Proposal& p, std::string_view spec) const {
  const auto eq = spec.find('=');
  if (eq == std::string_view::npos) return {FieldProblem::BadValue, "expected PARTY=consent|object|abstain"};
  return set_position(p, spec.substr(0, eq), spec.substr(eq + 1));
}

FieldError ProposalBuilder::finish(Proposal& p, Date default_date) const {
  if (!(p.present & 1)) return {FieldProblem::Incomplete, "the proposal has no 'action'"};
  const SymId action = p.action();
  if (!p.has_date) {
    p.date = default_date;
    p.scalars[kDateSlot] = default_date;
    p.has_date = true;
    p.present |= 2;
  }
  const std::uint64_t required = t_.action_required[action], allowed = t_.action_allowed[action];
  if (const std::uint64_t missing = required & ~p.present)
    return {FieldProblem::Incomplete, "action '" + t_.strings.name(action) + "' needs the field '" + t_.fields[static_cast<size_t>(std::countr_zero(missing))].name + "'"};
  if (const std::uint64_t extra = p.present & ~allowed) {
    std::string names;
    for (std::size_t fi = 2; fi < t_.fields.size(); ++fi)
      if (allowed >> fi & 1) names += (names.empty() ? "" : ", ") + t_.fields[fi].name;
    return {FieldProblem::NotAllowed, "action '" + t_.strings.name(action) + "' does not take the field '" +
           t_.fields[static_cast<size_t>(std::countr_zero(extra))].name + "' (it takes: " + names + ")"};
  }
  // A site must be in the state its field is declared `within` (a base at Manas is in Kyrgyzstan).
  for (const std::uint16_t fi : t_.within_fields) {
    const Field& f = t_.fields[fi];
    if (!(p.present >> fi & 1)) continue;
    const Field& in = t_.fields[static_cast<std::size_t>(f.within)];
    const auto site = static_cast<std::size_t>(p.scalars[f.slot]);
    const std::int64_t state = p.scalars[in.slot];
    if (!(p.present >> f.within & 1) || site == 0 || state <= 0 || t_.site_state[site] == state) continue;
    return {FieldProblem::BadValue, "the " + f.name + " '" + t_.sites.name(static_cast<SymId>(site)) + "' (" +
                                        t_.site_title[site] + ") is in " + party_word(t_, t_.site_state[site]) +
                                        ", not in " + party_word(t_, static_cast<SymId>(state)) + " (the " + in.name + ")"};
  }
  return {};
}

}  // namespace accord::internal
