// ProposalBuilder's key lookup: every key of a proposal object (the built-ins and each schema
// field) is found by a perfect hash when one exists, and by the symbol table when the keys
// defeat it; either way a near miss is an unknown key.
#include "load/proposal_builder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/fixture.h"

namespace accord::internal {
namespace {

// Each key found at its index, and every near miss of it (a byte changed anywhere, one more
// or one fewer byte) unknown.
void expect_keys(const Tables& t) {
  ProposalBuilder b(t);
  std::vector<std::pair<std::string, int>> keys = {
      {"id", ProposalBuilder::kIdKey}, {"title", ProposalBuilder::kTitleKey}, {"positions", ProposalBuilder::kPositionsKey}};
  for (std::size_t i = 0; i < t.fields.size(); ++i) keys.emplace_back(t.fields[i].name, static_cast<int>(i));
  auto known = [&](const std::string& s) {
    for (const auto& k : keys)
      if (k.first == s) return true;
    return false;
  };
  for (const auto& [key, index] : keys) {
    EXPECT_EQ(b.key_index(key), index) << key;
    for (std::size_t at = 0; at < key.size(); ++at) {
      std::string miss = key;
      miss[at] = miss[at] == 'q' ? 'z' : 'q';
      if (!known(miss)) {
        EXPECT_EQ(b.key_index(miss), ProposalBuilder::kUnknownKey) << miss;
      }
    }
    for (const std::string& miss : {key + "s", key.substr(0, key.size() - 1), key.substr(1), std::string(1, '_').append(key)})
      if (!known(miss)) {
        EXPECT_EQ(b.key_index(miss), ProposalBuilder::kUnknownKey) << miss;
      }
  }
  EXPECT_EQ(b.key_index(""), ProposalBuilder::kUnknownKey);
}

TEST(ProposalBuilderKeys, EveryKeyOfTheShippedSchemaAndNoNearMiss) { expect_keys(fx::shipped_engine().tables()); }

// Keys alike in length and in their first, middle and last bytes hash alike whatever the
// multiplier: no perfect hash exists, and the lookup falls back to the symbol table.
TEST(ProposalBuilderKeys, KeysThatDefeatThePerfectHashAreStillFound) {
  Tables t;
  for (const char* name : {"action", "date", "axxbxxz", "ayybyyz", "azzbzzz", "a__b__z"})
    t.fields.push_back(Field{name, FieldType::String, 0, 0});
  expect_keys(t);
}

// Stances: the exact spellings (what a batch line has) without a lookup, any case through the
// value index, `none` clearing a stated position; a near miss is an error with a suggestion.
TEST(ProposalBuilderPositions, ExactSpellingsOtherCasesNoneAndNearMisses) {
  const Tables& t = fx::shipped_engine().tables();
  ProposalBuilder b(t);
  Proposal p;
  b.reset(p);
  const SymId rus = b.party_id("RUS"), kaz = b.party_id("KAZ"), arm = b.party_id("ARM");
  ASSERT_FALSE(b.set_position(p, rus, "RUS", "consent"));
  ASSERT_FALSE(b.set_position(p, kaz, "KAZ", "object"));
  ASSERT_FALSE(b.set_position(p, arm, "ARM", "abstain"));
  EXPECT_EQ(fx::names(t, p.consented), fx::Names{"RUS"});
  EXPECT_EQ(fx::names(t, p.objected), fx::Names{"KAZ"});
  EXPECT_EQ(fx::names(t, p.abstained), fx::Names{"ARM"});
  ASSERT_FALSE(b.set_position(p, rus, "RUS", "Object"));  // restated, in another case
  ASSERT_FALSE(b.set_position(p, kaz, "KAZ", "ABSTAIN"));
  ASSERT_FALSE(b.set_position(p, arm, "ARM", "none"));    // cleared
  EXPECT_EQ(fx::names(t, p.consented), fx::Names{});
  EXPECT_EQ(fx::names(t, p.objected), fx::Names{"RUS"});
  EXPECT_EQ(fx::names(t, p.abstained), fx::Names{"KAZ"});
  for (const char* miss : {"consemt", "objects", "abstai", "", "c", "obj"}) {
    const FieldError e = b.set_position(p, rus, "RUS", miss);
    EXPECT_EQ(e.kind, FieldProblem::BadValue) << miss;
    EXPECT_NE(e.message.find(std::string("unknown position '") + miss + "' for RUS (positions are consent, object, abstain; none clears one)"),
              std::string::npos)
        << e.message;
  }
  EXPECT_EQ(fx::names(t, p.objected), fx::Names{"RUS"});  // a rejected stance leaves the stated one
}

}  // namespace
}  // namespace accord::internal
