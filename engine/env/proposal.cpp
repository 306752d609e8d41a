#include "env/proposal.h"

namespace accord::internal {

Bits named_parties(const Tables& t, const Proposal& p) {
  Bits out;
  for (std::size_t fi = 2; fi < t.fields.size(); ++fi) {
    if (!(p.present >> fi & 1)) continue;
    const Field& f = t.fields[fi];
    if (f.type == FieldType::Party && p.scalars[f.slot] > 0) out.set(static_cast<unsigned>(p.scalars[f.slot]));
    if (f.type == FieldType::Parties) out |= p.sets[f.slot];
    if (f.type == FieldType::Site && p.scalars[f.slot] > 0) out.set(t.site_state[static_cast<std::size_t>(p.scalars[f.slot])]);
  }
  return out;
}

}  // namespace accord::internal
