// Decides the Manas proposal with the installed library and its installed rules, then the same
// with Russia objecting, then a mistake. Prints what an embedding program would use.
#include <accord/accord.h>

#include <iostream>

int main() {
  auto engine = accord::Engine::load();  // no directory: the installed rules
  if (!engine) {
    std::cerr << engine.status().message();
    return 1;
  }
  auto proposal = engine->proposal({{"action", "basing"}, {"actor", "United States"},
                                    {"host", "Kyrgyzstan"}, {"site", "manas"}, {"date", "2026-03-01"}});
  if (!proposal) {
    std::cerr << proposal.status().message();
    return 1;
  }
  auto decision = engine->decide(*proposal);
  std::cout << "accord " << accord::version() << ", " << engine->clause_count() << " clauses\n";
  std::cout << proposal->describe() << ": " << decision->verdict_name() << "\n";
  std::cout << "waiting for:";
  for (const auto& party : decision->pending()) std::cout << " " << party;
  std::cout << "\n";

  auto objected = engine->proposal({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2026-03-01"}},
                                   {{"Russia", "object"}});
  auto vetoed = engine->decide(*objected);
  std::cout << "if Russia objects: " << vetoed->verdict_name() << " by";
  for (const auto& party : vetoed->vetoed_by()) std::cout << " " << party;
  std::cout << "\n";

  auto bad = engine->proposal({{"action", "basing"}, {"actor", "USB"}, {"host", "KGZ"}});
  std::cout << "a typo: " << (bad ? std::string("accepted") : bad.status().diagnostics().front().message) << "\n";
  return 0;
}
