// NameIndex: every way people type a party or site finds it, and "did you mean" ranks a word
// that starts a name before a one-letter slip in a code.
#include "core/names.h"

#include <gtest/gtest.h>

#include "env/tables.h"
#include "support/fixture.h"

namespace accord::internal {
namespace {

TEST(NameIndex, NormalizeFoldsCaseDotsBlanksAndTheArticle) {
  EXPECT_EQ(NameIndex::normalize("the U.S."), "us");
  EXPECT_EQ(NameIndex::normalize("  Kyrgyz   Republic "), "kyrgyz republic");
  EXPECT_EQ(NameIndex::normalize("armed_attack"), "armed attack");
  EXPECT_EQ(NameIndex::normalize("Congo-Brazzaville"), "congo brazzaville");
  EXPECT_EQ(NameIndex::normalize("Cote d\u2019Ivoire"), "cote divoire");
  EXPECT_EQ(NameIndex::normalize("Côte d'Ivoire"), "côte divoire");  // non-ASCII kept as is
  EXPECT_EQ(NameIndex::normalize("..."), "");
}

TEST(NameIndex, FindsEveryKeyWhateverTheCase) {
  NameIndex ix;
  EXPECT_EQ(ix.add("RUS", 1), kNone);
  EXPECT_EQ(ix.add("Russia", 1), kNone);
  EXPECT_EQ(ix.add("Russian Federation", 1), kNone);
  EXPECT_EQ(ix.add("RU", 1), kNone);
  for (const char* typed : {"RUS", "rus", "Russia", "RUSSIA", "russian federation", "the Russian Federation", "ru"})
    EXPECT_EQ(ix.find(typed), std::optional<SymId>(1)) << typed;
  EXPECT_EQ(ix.find("Rossiya"), std::nullopt);
}

TEST(NameIndex, AKeyNamesOneItemOnly) {
  NameIndex ix;
  EXPECT_EQ(ix.add("Congo", 7), kNone);
  EXPECT_EQ(ix.add("congo", 7), kNone);  // the same item again: fine
  EXPECT_EQ(ix.add("CONGO", 8), 7);      // another item: the key keeps its first owner
  EXPECT_EQ(ix.find("Congo"), std::optional<SymId>(7));
}

TEST(NameIndex, SuggestionsRankNameStartsBeforeCodeSlips) {
  NameIndex ix;
  ix.add("KGZ", 1), ix.add("Kyrgyzstan", 1), ix.add("Kyrgyz Republic", 1);
  ix.add("KIR", 2), ix.add("Kiribati", 2);
  ix.add("RUS", 3), ix.add("RU", 3), ix.add("Russia", 3);
  ix.add("UZB", 4), ix.add("UZ", 4), ix.add("Uzbekistan", 4);
  EXPECT_EQ(ix.suggest("KYR"), (std::vector<SymId>{1, 2}));  // 'Kyr'gyzstan, then K[I]R
  EXPECT_EQ(ix.suggest("Rusia"), (std::vector<SymId>{3}));
  EXPECT_EQ(ix.suggest("RUZ"), (std::vector<SymId>{3}));     // not 'UZ': codes compare letter for letter
  EXPECT_EQ(ix.suggest("uzbek"), (std::vector<SymId>{4}));
  EXPECT_TRUE(ix.suggest("zzzz").empty());
  EXPECT_TRUE(ix.suggest("").empty());
}

// The shipped facts: the examples, by name, alpha-2 and alias.
class ShippedNames : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { tables_ = &fx::shipped_engine().tables(); }
  static std::string code(const std::string& typed) {
    SymId id = kNone;
    const std::string err = resolve_party(*tables_, typed, id);
    return err.empty() ? tables_->parties.name(id) : err;
  }
  static const Tables* tables_;
};
const Tables* ShippedNames::tables_ = nullptr;

TEST_F(ShippedNames, PartiesByCodeNameAlpha2AndAlias) {
  EXPECT_EQ(code("Russia"), "RUS");
  EXPECT_EQ(code("Russian Federation"), "RUS");
  EXPECT_EQ(code("rus"), "RUS");
  EXPECT_EQ(code("US"), "USA");
  EXPECT_EQ(code("United States"), "USA");
  EXPECT_EQ(code("the United States of America"), "USA");
  EXPECT_EQ(code("Kyrgyz Republic"), "KGZ");
  EXPECT_EQ(code("kyrgyzstan"), "KGZ");
  EXPECT_EQ(code("UK"), "GBR");
  EXPECT_EQ(code("Turkey"), "TUR");
  EXPECT_EQ(code("Ivory Coast"), "CIV");
  EXPECT_EQ(code("csto"), "CSTO");
  EXPECT_EQ(code("North Atlantic Treaty Organization"), "NATO");
}

TEST_F(ShippedNames, UnknownPartiesSuggestCodesWithNames) {
  EXPECT_EQ(code("KYR"), "unknown party 'KYR'; did you mean 'KGZ' (Kyrgyzstan) or 'KIR' (Kiribati)?");
  EXPECT_EQ(code("Rusia"), "unknown party 'Rusia'; did you mean 'RUS' (Russia)?");
  EXPECT_EQ(code("Congo"),
            "unknown party 'Congo'; did you mean 'COD' (Democratic Republic of the Congo) or 'COG' (Republic of the Congo)?");
  EXPECT_EQ(code("Atlantis"), "unknown party 'Atlantis'");
}

TEST_F(ShippedNames, SitesAndActionsAsTyped) {
  SymId id = kNone;
  EXPECT_EQ(resolve_site(*tables_, "Transit Center at Manas", id), "");
  EXPECT_EQ(tables_->sites.name(id), "manas");
  EXPECT_EQ(resolve_value(*tables_, kActionDomain, "Armed attack", id), "");
  EXPECT_EQ(tables_->strings.name(id), "armed_attack");
  EXPECT_EQ(resolve_value(*tables_, kActionDomain, "attack", id),
            "unknown action 'attack'; did you mean 'armed_attack'? (actions: basing, troop_deployment, "
            "military_infrastructure, troop_transit, joint_exercise, collective_deployment, alliance_accession, "
            "arms_purchase, arms_retransfer, armed_attack, treaty_withdrawal, civilian_mission)");
}

TEST(NamesInFacts, AnAliasThatNamesTwoPartiesIsALoadError) {
  fx::RulesFixture rules;
  rules.write("facts/more.yaml", "states:\n  GEO: { name: Georgia, aliases: [Kazakhstan] }\n");
  Diagnostics d;
  EXPECT_EQ(rules.build(d), nullptr);
  EXPECT_TRUE(fx::contains(d.str(), "facts/more.yaml:2:3: error: alias 'Kazakhstan' of GEO already names KAZ\n")) << d.str();
}

}  // namespace
}  // namespace accord::internal
