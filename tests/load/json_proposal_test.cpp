// JsonProposalReader, the fast path of every batch line and HTTP body: it reads a proposal
// only from text that is one well-formed JSON object with nothing after it, and leaves every
// other text to explain(), so a batch never decides a line a proposal file would reject.
#include "load/json_proposal.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/date.h"
#include "support/fixture.h"

namespace accord::internal {
namespace {

using fx::D;

// The text padded as every caller pads it (JsonProposalReader::padding() zeros after it).
bool reads(JsonProposalReader& reader, const std::string& text, Proposal& p) {
  std::string padded = text;
  padded.append(JsonProposalReader::padding(), '\0');
  return reader.read(padded.data(), text.size(), D("2026-06-01"), p);
}

TEST(JsonProposalReader, ReadsEveryKindOfValue) {
  const Engine& e = fx::shipped_engine();
  const Tables& t = e.tables();
  JsonProposalReader reader(t);
  Proposal p;
  ASSERT_TRUE(reads(reader,
                    R"({"id":"p\u00e9 1","date":"2005-03-01","action":"basing","actor":"USA","host":"KGZ",)"
                    R"("positions":{"RUS":"object","KAZ":"consent"}})",
                    p));
  EXPECT_EQ(p.id, "p\xC3\xA9 1");  // unescaped
  EXPECT_EQ(p.date, D("2005-03-01"));
  EXPECT_EQ(t.strings.name(p.action()), "basing");
  EXPECT_EQ(fx::names(t, p.objected), std::vector<std::string>{"RUS"});
  EXPECT_EQ(fx::names(t, p.consented), std::vector<std::string>{"KAZ"});
  // The same reader again: nothing of the previous proposal is left.
  ASSERT_TRUE(reads(reader, R"({"action":"basing","actor":"USA","host":"KGZ"})", p));
  EXPECT_EQ(p.id, "");
  EXPECT_EQ(p.date, D("2026-06-01"));  // the default date
  EXPECT_TRUE(p.objected.empty());
}

TEST(JsonProposalReader, LeavesEveryMalformedOrInvalidTextToExplain) {
  JsonProposalReader reader(fx::shipped_engine().tables());
  Proposal p;
  const std::string ok = R"({"action":"basing","actor":"USA","host":"KGZ")";
  ASSERT_TRUE(reads(reader, ok + "}", p));
  for (const std::string& bad : std::vector<std::string>{
           ok + "} x",                                           // text after the object
           ok + "}{}",                                           // a second object
           ok + ",}",                                            // a trailing comma
           R"({"action":"basing","actor":"USA" "host":"KGZ"})",  // a missing comma
           ok + R"(,"positions":{"RUS":"object",}})",            // a trailing comma inside
           ok + R"(,"positions":{"RUS":"object","RUS":"consent"}})",  // a party stated twice
           ok + R"(,"actor":"RUS"})",                            // a field given twice
           ok + R"(,"id":"a","id":"b"})",                        // id given twice
           ok + R"(,"n":1})",                                    // an unknown field
           ok + R"(,"host":1.5})",                               // a number where a code belongs
           ok + R"(,"id":"\x"})",                                // a bad escape
           ok + R"(,"id":ng})", ok + R"(,"id":nul})",            // not null, though they start like it (threw)
           ok + R"(,"id":tru})", ok + R"(,"id":-})",             // not a bool, not a number
           ok + ",\"id\":\"\xC3\"}",                             // invalid UTF-8
           "[1,2]", "", "{",
       })
    EXPECT_FALSE(reads(reader, bad, p)) << bad;
}

}  // namespace
}  // namespace accord::internal
