// accord vocab: what proposals can say (actions, fields, parties, organizations, sites).
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "report/vocab.h"

namespace accord::internal {

int cmd_vocab(const VocabOptions& o, std::ostream& out, std::ostream& err) {
  Date as_of = today_utc();
  if (!o.as_of.empty()) {
    auto d = parse_date(o.as_of);
    if (!d) {
      err << "accord: error: --as-of " << o.as_of << ": not a date: expected YYYY-MM-DD\n";
      return kExitUsage;
    }
    as_of = *d;
  }
  auto engine = load_engine(o.rules, err);
  if (!engine) return kExitInput;
  const bool json = o.format == "json";
  VocabTopic topic = VocabTopic::All;
  if (o.topic.empty() || parse_vocab_topic(o.topic, topic)) {
    if (json) {
      std::string s;
      vocab_json(*engine, topic, as_of, s);
      out << s << "\n";
    } else {
      out << vocab_text(*engine, topic, as_of);
    }
    return kExitOk;
  }
  std::string s = json ? std::string() : vocab_item_text(*engine, o.topic, as_of);
  if (json && vocab_item_json(*engine, o.topic, as_of, s)) s += "\n";
  if (s.empty()) {
    err << "accord: error: '" << o.topic
        << "' is not a topic (actions, fields, parties, organizations, sites) nor an action, party, site or "
           "organization"
        << party_suggestion(engine->tables(), o.topic) << "\n";
    return kExitInput;
  }
  out << s;
  return kExitOk;
}

}  // namespace accord::internal
