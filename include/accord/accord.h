// Accord as a library: load treaty rules, build proposals, decide them, explain why.
//
//   #include <accord/accord.h>
//
//   auto engine = accord::Engine::load();            // the installed rules, or {"path/to/rules"}
//   if (!engine) { std::cerr << engine.status().message(); return 1; }
//   auto proposal = engine->proposal({{"action", "basing"}, {"actor", "United States"},
//                                     {"host", "Kyrgyzstan"}, {"date", "2026-03-01"}});
//   auto decision = engine->decide(*proposal);
//   std::cout << decision->verdict_name() << "\n" << decision->to_text();
//
// Everything here is plain C++ (no Boost, libyaml or simdjson type). An Engine is an
// immutable, cheap-to-copy handle: load it once and share it across threads. Mistakes in the
// rules or in a proposal come back as values (Status, with positioned diagnostics), never as
// exceptions. docs/library.md is the guide; the names of fields, actions and parties are those
// of the rules' schema.yaml and facts (accord vocab lists them).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Symbols the shared library exports (everything else in it is hidden).
#define ACCORD_API __attribute__((visibility("default")))

namespace accord {

// One problem, positioned in the file (or text) it came from. `line` and `column` are 1-based,
// 0 when the problem has no position (a whole file, a whole proposal).
struct Diagnostic {
  enum class Severity : std::uint8_t { Error, Warning, Note };
  Severity severity = Severity::Error;
  std::string file;
  int line = 0, column = 0;
  std::string message;
};

// The outcome of an operation: ok, or the diagnostics that explain why not (with any warnings).
class ACCORD_API Status {
 public:
  Status() = default;
  explicit Status(std::vector<Diagnostic> diagnostics, std::string formatted = {});
  bool ok() const;
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // As `accord` prints them: "rules/x.yaml:12:9: error: ..." with the source line and a caret.
  const std::string& message() const { return formatted_; }

 private:
  std::vector<Diagnostic> diagnostics_;
  std::string formatted_;
};

// A value or the Status that says why there is none (std::expected, before C++23).
template <class T>
class Result {
 public:
  Result(T value, Status status = {}) : value_(std::move(value)), status_(std::move(status)) {}
  Result(Status status) : status_(std::move(status)) {}
  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Status& status() const { return status_; }
  // value() on a Result that holds no value throws std::bad_optional_access (a bug in the
  // caller, who should have tested ok()); * and -> do not check, as for std::optional.
  const T& value() const& { return value_.value(); }
  T&& value() && { return std::move(value_).value(); }
  const T& operator*() const& { return *value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

enum class Verdict : std::uint8_t { Permitted, NeedsConsent, Vetoed, Prohibited };
// "permitted", "needs_consent", "vetoed", "prohibited": the words of the JSON output.
ACCORD_API const char* verdict_name(Verdict v);

class Engine;

// A proposed action, resolved against the rules (parties, sites and values checked). Immutable.
class ACCORD_API Proposal {
 public:
  std::string id() const;
  std::string action() const;
  std::string date() const;  // YYYY-MM-DD (today's, UTC, when the proposal gave none)
  // In words: "basing — actor United States (USA); host Kyrgyzstan (KGZ); site Manas air base (manas)".
  std::string describe() const;
  std::string to_json() const;

 private:
  friend class Engine;
  friend class Decision;
  Proposal() = default;
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

// One clause that applies to a proposal and what it requires.
struct ClauseOutcome {
  std::string id;        // "csto-2011-protocol-art1"
  std::string cite;      // "2011 Protocol, Art. 1"
  std::string title;
  std::string status;    // permitted, satisfied, pending, vetoed, prohibited, obligation, set_aside, noted
  std::string reading;   // the reading used, for a clause with contested readings; else empty
  std::string because;   // the clause's explanation for this proposal
  std::vector<std::string> pending, vetoed_by, binds;  // party codes
};

// The decision on a proposal: the verdict, who must still consent, who vetoed, which clauses
// prohibit, and every applying clause. When the proposal leaves out fields the rules read, the
// decision covers every value they could take: `depends()` says whether the verdict changes.
class ACCORD_API Decision {
 public:
  Verdict verdict() const;  // the most restrictive over the cases when it depends
  const char* verdict_name() const { return accord::verdict_name(verdict()); }
  bool depends() const;
  std::string as_of() const;                    // YYYY-MM-DD
  std::vector<std::string> pending() const;     // party codes whose consent is awaited
  std::vector<std::string> vetoed_by() const;   // party codes
  std::vector<std::string> prohibited_by() const;  // clause ids
  std::vector<ClauseOutcome> clauses() const;   // applying clauses, in report order
  // The report `accord check` prints, in plain words with each clause quoted and cited.
  std::string to_text(bool explain = false) const;
  // The JSON `accord check --format json` writes (docs/json-output.md).
  std::string to_json(bool explain = false) const;

 private:
  friend class Engine;
  Decision() = default;
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

// Choices a decision can take: a reading for a clause whose reading is contested.
struct DecideOptions {
  std::vector<std::pair<std::string, std::string>> readings;  // clause id, reading name
};

// How a batch went (Engine::decide_lines).
struct BatchResult {
  std::size_t lines = 0;   // lines answered (blank lines are skipped)
  std::size_t errors = 0;  // of those, lines answered {"line": N, "error": ...}
  std::string diagnostics; // the errors, positioned, as `accord check --batch` prints them
};

class ACCORD_API Engine {
 public:
  // Loads, checks and compiles the rule directories (each as `accord --rules DIR` takes it;
  // several are merged). No directory: $ACCORD_RULES, ./rules, or the installed rules.
  static Result<Engine> load(const std::vector<std::string>& rule_dirs = {});

  // A proposal from named fields, as a person types them: {"actor", "United States"},
  // {"host", "KGZ"}, {"partners", "RUS,KAZ"}; `positions` are party → consent/object/abstain.
  // A proposal without a date is dated today (UTC).
  Result<Proposal> proposal(const std::vector<std::pair<std::string, std::string>>& fields,
                            const std::vector<std::pair<std::string, std::string>>& positions = {}) const;
  // A proposal from the text of a proposal file (YAML or JSON); `name` labels diagnostics.
  Result<Proposal> parse_proposal(std::string_view text, std::string_view name = "proposal") const;
  // A proposal file (docs/rules-format.md#proposals).
  Result<Proposal> read_proposal(const std::string& path) const;

  Result<Decision> decide(const Proposal& proposal, const DecideOptions& options = {}) const;

  // What would change the outcome: the positions that would flip it and the dates at which it
  // changes, as `accord whatif` prints it (text) or writes it (json).
  Result<std::string> what_if(const Proposal& proposal, bool json = false) const;

  // The batch path of `accord check --batch`: one JSON proposal per line of `jsonl` in, one
  // JSON decision per line appended to `out`, in order; `threads` workers.
  BatchResult decide_lines(std::string_view jsonl, std::string& out, unsigned threads = 1,
                           const DecideOptions& options = {}) const;

  // The vocabulary of the loaded rules.
  std::vector<std::string> actions() const;
  std::vector<std::string> fields(std::string_view action = {}) const;  // all, or the action's
  std::vector<std::string> parties() const;  // codes of the states and organizations
  std::size_t clause_count() const;
  // Warnings found while loading (errors make load() fail instead).
  const Status& load_status() const;

 private:
  friend class Proposal;
  friend class Decision;
  Engine() = default;
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

// The library's version ("0.1.0").
ACCORD_API const char* version();

}  // namespace accord
