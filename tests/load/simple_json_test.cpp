// read_simple_json, the reader of plain JSON that takes most batch lines before simdjson: it
// must read what it takes exactly as the general reader does, reject only what that one
// rejects, and leave everything else to it.
#include "load/simple_json.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/date.h"
#include "load/json_proposal.h"
#include "support/fixture.h"

namespace accord::internal {
namespace {

using fx::D;

// The text padded as every caller pads it.
std::string padded(const std::string& text) { return text + std::string(JsonProposalReader::padding(), '\0'); }

SimpleRead simple(const ProposalBuilder& b, const std::string& text, Proposal& p) {
  const std::string buf = padded(text);
  b.reset(p);
  return read_simple_json(b, buf.data(), text.size(), p);
}

const std::string kLine =
    R"({"id":"p000004","date":"2010-02-15","action":"troop_deployment","actor":"ARM","host":"AZE",)"
    R"("positions":{"ARM":"consent","BLR":"consent","GEO":"abstain","RUS":"object"}})";

TEST(SimpleJson, ReadsAPlainLine) {
  const Tables& t = fx::shipped_engine().tables();
  ProposalBuilder b(t);
  Proposal p;
  ASSERT_EQ(simple(b, kLine, p), SimpleRead::Read);
  EXPECT_EQ(p.id, "p000004");
  EXPECT_EQ(p.date, D("2010-02-15"));
  EXPECT_EQ(t.strings.name(p.action()), "troop_deployment");
  EXPECT_EQ(fx::names(t, p.consented), (std::vector<std::string>{"ARM", "BLR"}));
  EXPECT_EQ(fx::names(t, p.abstained), std::vector<std::string>{"GEO"});
  EXPECT_EQ(fx::names(t, p.objected), std::vector<std::string>{"RUS"});
  // Whitespace anywhere JSON allows it, booleans, lists and empty objects.
  ASSERT_EQ(simple(b, " {\t\"action\" : \"joint_exercise\", \"actor\":\"RUS\",\"host\":\"KAZ\",\r\n"
                      " \"partners\" : [ \"BLR\" , \"ARM\" ], \"positions\" : { } } ",
                   p),
            SimpleRead::Read);
  EXPECT_EQ(fx::names(t, p.sets[t.field("partners")->slot]), (std::vector<std::string>{"ARM", "BLR"}));
  ASSERT_EQ(simple(b, R"({"action":"basing","actor":"USA","host":"KGZ","partners":[]})", p), SimpleRead::Read);
  EXPECT_TRUE(p.present >> b.field_index("partners") & 1);  // given, empty
}

TEST(SimpleJson, LeavesEveryOtherTextToTheGeneralReader) {
  ProposalBuilder b(fx::shipped_engine().tables());
  Proposal p;
  const std::string ok = R"({"action":"basing","actor":"USA","host":"KGZ")";
  for (const std::string& other : std::vector<std::string>{
           ok + R"(,"id":"p\u00e9"})",      // an escape
           ok + ",\"id\":\"p\xC3\xA9\"}",   // UTF-8
           ok + ",\"id\":\"a\tb\"}",        // a control character
           ok + R"(,"id":1})",              // a number
           ok + R"(,"site":null})",         // null
           ok + R"(,"id":{}})",             // an object
           ok + R"(,"id":tru})",            // not quite a literal
           ok + R"(,"id":truex})",          // a literal run on
           ok + "} x", ok + "}{}",          // text after the object
           ok + ",}", ok,                   // a trailing comma, no closing brace
           ok + R"(,"positions":{"RUS":1}})",
           ok + R"(,"positions":[]})",
           ok + R"(,"partners":["RUS",1]})",
           "\xEF\xBB\xBF" + ok + "}",       // a byte-order mark
           ok + R"(,"id":"unterminated)",
           "[1,2]", "", "{", "   ",
       })
    EXPECT_EQ(simple(b, other, p), SimpleRead::NotSimple) << other;
}

// A string left open reads no further than the 15 bytes past the end that callers pad, even
// when they are not zeros (a batch chunk's next line follows its line): here exactly 15 bytes
// of the allocation follow, so AddressSanitizer (make check-sanitize) sees any read beyond.
TEST(SimpleJson, AnOpenStringIsNotReadPastThePadding) {
  ProposalBuilder b(fx::shipped_engine().tables());
  Proposal p;
  for (const std::string text : {R"({"action":"basing","id":"abc)", R"({"action":"basing","id":")", R"({")"}) {
    const std::string buf = text + std::string(15, 'x');
    b.reset(p);
    EXPECT_EQ(read_simple_json(b, buf.data(), text.size(), p), SimpleRead::NotSimple) << text;
  }
}

TEST(SimpleJson, RejectsWhatIsNotAProposal) {
  ProposalBuilder b(fx::shipped_engine().tables());
  Proposal p;
  const std::string ok = R"({"action":"basing","actor":"USA","host":"KGZ")";
  for (const std::string& bad : std::vector<std::string>{
           ok + R"(,"n":"1"})",                                    // an unknown field
           ok + R"(,"actor":"RUS"})",                              // a field given twice
           ok + R"(,"id":"a","id":"b"})",                          // id given twice
           ok + R"(,"positions":{},"positions":{}})",              // positions given twice
           ok + R"(,"positions":{"RUS":"object","RUS":"consent"}})",  // a party stated twice
           ok + R"(,"positions":{"XXX":"object"}})",               // an unknown party
           ok + R"(,"positions":{"RUS":"maybe"}})",                // not a stance
           ok + R"(,"host":"Atlantis"})",                          // given twice, and unknown
           R"({"action":"basing","host":"XX"})",                   // an unknown party
           ok + R"(,"id":["a"]})",                                 // a list for the id
           ok + R"(,"actor":["RUS"]})",                            // a list for one party (twice, too)
       })
    EXPECT_EQ(simple(b, bad, p), SimpleRead::Rejected) << bad;
}

// Thousands of texts near real lines (bytes replaced, inserted, removed; pieces swapped in
// from a list of JSON tokens): read() (plain reader first) and read_general() (simdjson
// alone) agree on every one, proposal and all.
TEST(SimpleJson, AgreesWithTheGeneralReaderOnMutatedLines) {
  const Engine& e = fx::shipped_engine();
  JsonProposalReader both(e.tables()), general(e.tables());
  const std::vector<std::string> seeds = {
      kLine,
      R"({"id":"x","title":"Manas","date":"2026-03-01","action":"basing","actor":"USA","host":"KGZ","site":"manas"})",
      R"({"action":"joint_exercise","actor":"RUS","host":"KAZ","partners":["BLR","ARM"],"positions":{"KAZ":"consent"}})",
      R"({"action":"arms_retransfer","actor":"ARM","supplier":"BLR","recipient":"VUT","domestic_price":true,"date":"2005-08-20"})",
      R"({"action":"armed_attack","actor":"NIC","host":"VUT","positions":{}})",
  };
  const std::vector<std::string> tokens = {"\"", "\\", "{", "}", "[", "]", ":", ",", " ", "true", "false", "null", "1",
                                           "\"RUS\"", "\"id\"", "\xC3\xA9", "\t", "\\u0041", "\"positions\":{}"};
  std::mt19937 rng(20261202);
  int read = 0, agreed = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string text = seeds[rng() % seeds.size()];
    for (unsigned edits = 1 + rng() % 3; edits > 0; --edits) {
      const std::size_t at = rng() % (text.size() + 1);
      switch (rng() % 4) {
        case 0: if (at < text.size()) text[at] = static_cast<char>(0x20 + rng() % 0x60); break;
        case 1: text.insert(at, tokens[rng() % tokens.size()]); break;
        case 2: if (at < text.size()) text.erase(at, 1 + rng() % 4); break;
        case 3: break;  // unchanged (stays readable)
      }
    }
    const std::string buf = padded(text);
    Proposal a, g;
    const bool ra = both.read(buf.data(), text.size(), D("2026-06-01"), a);
    const bool rg = general.read_general(buf.data(), text.size(), D("2026-06-01"), g);
    ASSERT_EQ(ra, rg) << text;
    if (ra) {
      ASSERT_TRUE(a == g) << text;
      ++read;
    }
    ++agreed;
  }
  EXPECT_EQ(agreed, 20000);
  EXPECT_GT(read, 2000);  // the mutations leave many lines readable, so both paths are compared on them
}

}  // namespace
}  // namespace accord::internal
