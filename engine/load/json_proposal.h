// JSON proposals, fast: one JSON object (a batch line, an HTTP request body) read into a
// Proposal by a reader of plain JSON (load/simple_json.h), or else with simdjson; no YAML and
// no per-field allocation. Anything wrong with the text is explained by explain(), which
// parses it again with positions (nlohmann for JSON syntax with its byte offset, then the YAML
// proposal loader for fields), so every way in reports the same messages as a proposal file.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"
#include "core/source.h"
#include "load/proposal_builder.h"

namespace accord::internal {

// Reports, positioned, why `file`'s text is not JSON (malformed, or a number out of range);
// false then, true when it is JSON.
bool check_json_syntax(const SourceRef& file, Diagnostics& d);

class JsonProposalReader {
 public:
  // `positions` (PARTY=STANCE, already validated) are applied on top of every proposal.
  JsonProposalReader(const Tables& t, std::vector<std::string> positions = {});
  ~JsonProposalReader();
  JsonProposalReader(const JsonProposalReader&) = delete;
  JsonProposalReader& operator=(const JsonProposalReader&) = delete;

  // Bytes that must follow the text readable (zeros); read() reads up to that far past `len`.
  static std::size_t padding();
  // Fills `p` from the object in text[0, len) and finishes it; false on any problem (duplicate
  // keys included), which explain() then reports.
  bool read(const char* text, std::size_t len, Date default_date, Proposal& p);
  // The same with the general reader alone (simdjson), never the plain-string one that read()
  // tries first: the two must agree, which the tests check.
  bool read_general(const char* text, std::size_t len, Date default_date, Proposal& p);
  // Reports why `file`'s text is not a valid proposal, positioned in it (always at least one
  // error). The text may span lines.
  void explain(const SourceRef& file, Date default_date, Diagnostics& d) const;
  const ProposalBuilder& builder() const { return builder_; }

 private:
  struct Parser;
  // The batch's positions on top, then ProposalBuilder::finish.
  bool finish(Proposal& p, Date default_date) const;
  ProposalBuilder builder_;
  std::vector<std::string> positions_;  // PARTY=STANCE
  std::unique_ptr<Parser> parser_;
};

}  // namespace accord::internal
