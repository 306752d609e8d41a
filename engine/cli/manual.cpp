// accord --help-man and accord completion (manual.h): the man pages and the bash completion
// script, walked from the CLI11 App that run_cli builds. What CLI11 knows comes from it: the
// commands, their descriptions, every option with its names, value, allowed values (IsMember),
// range (Range), default, whether it repeats, and the help footers (the examples, the rules
// directory, the exit codes). What CLI11 has no place for is written here: the environment
// variables and files, a few examples for commands the footer has none for, and which
// options take words from the rules (actions, parties, fields) for the completion.
#include "cli/manual.h"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/diagnostics.h"

namespace accord::internal {

namespace {

// ---- what CLI11 knows about an option --------------------------------------------------------

enum class ValueKind { None, Choices, Dir, File };

struct Opt {
  std::vector<std::string> names;  // "-v", "--verbose"; a positional: its name
  bool positional = false, flag = false, repeatable = false, required = false;
  std::string metavar;             // DIR, FILE, text|json, PROPOSAL, NAME=VALUE, ...
  std::vector<std::string> choices;
  std::string low, high;           // a Range's bounds
  std::string default_value;
  std::string description;
  ValueKind kind = ValueKind::None;

  std::string primary() const { return names.back(); }  // the long name when there is one
  bool has(std::string_view n) const { return std::find(names.begin(), names.end(), n) != names.end(); }
};

bool has_word(std::string_view text, std::string_view word) {
  for (std::size_t i = text.find(word); i != std::string_view::npos; i = text.find(word, i + 1)) {
    const bool start = i == 0 || !std::isalpha(static_cast<unsigned char>(text[i - 1]));
    const std::size_t e = i + word.size();
    const bool end = e == text.size() || !std::isalpha(static_cast<unsigned char>(text[e]));
    if (start && end) return true;
  }
  return false;
}

bool is_upper_word(std::string_view w) {
  if (w.empty()) return false;
  for (char ch : w)
    if (!(std::isupper(static_cast<unsigned char>(ch)) || ch == '_')) return false;
  return true;
}

std::string upper(std::string s) {
  for (char& ch : s) ch = ch == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string trim_punct(std::string w) {
  while (!w.empty() && std::string_view("()[],;.").find(w.back()) != std::string_view::npos) w.pop_back();
  while (!w.empty() && std::string_view("([").find(w.front()) != std::string_view::npos) w.erase(0, 1);
  return w;
}

// CLI11's own type names say how a value is stored, not what it is.
bool generic_type(std::string_view t) {
  for (const char* g : {"TEXT", "INT", "UINT", "FLOAT", "NUMBER", "BOOLEAN", "CHAR", "ENUM", "VECTOR", ""})
    if (t == g) return true;
  return false;
}

// The metavariable of a value: its allowed values; the NAME=VALUE its description spells out;
// the type name the option was given (SECONDS); for a number the one-letter name its description
// uses (P), else N; DIR, FILE or DATE when the description speaks of one; HOST:PORT or another
// capitalised pair with a colon there; else the option's name (--cors-origin ORIGIN).
std::string metavar(const Opt& o, std::string_view type, bool numeric) {
  if (!o.choices.empty()) {
    std::string m;
    for (const auto& c : o.choices) m += (m.empty() ? "" : "|") + c;
    return m;
  }
  const auto words = split_words(o.description);
  for (const auto& raw : words) {
    const std::string w = trim_punct(raw);
    const auto eq = w.find('=');
    if (eq != std::string::npos && eq > 0 && is_upper_word(w.substr(0, eq))) return w;
  }
  if (!generic_type(type)) return std::string(type);
  if (numeric) {
    for (const auto& raw : words)
      if (const std::string w = trim_punct(raw); w.size() == 1 && is_upper_word(w)) return w;
    return "N";
  }
  if (has_word(o.description, "directory")) return "DIR";
  if (has_word(o.description, "FILE") || has_word(o.description, "file")) return "FILE";
  if (has_word(o.description, "date")) return "DATE";
  for (const auto& raw : words) {
    const std::string w = trim_punct(raw);
    const auto colon = w.find(':');
    if (colon != std::string::npos && colon > 0 && colon + 1 < w.size() && is_upper_word(w.substr(0, colon)) &&
        is_upper_word(w.substr(colon + 1)))
      return w;
  }
  std::string name = o.primary();
  name = name.substr(name.find_first_not_of('-'));
  if (const auto dash = name.rfind('-'); dash != std::string::npos) name = name.substr(dash + 1);
  return upper(name);
}

Opt describe(CLI::Option* o) {
  Opt r;
  r.positional = o->get_positional();
  if (r.positional) {
    r.names.push_back(o->get_name(true));
  } else {
    for (const auto& s : o->get_snames()) r.names.push_back("-" + s);
    for (const auto& l : o->get_lnames()) r.names.push_back("--" + l);
  }
  r.flag = !r.positional && o->get_items_expected_max() == 0;
  r.repeatable = !r.flag && o->get_expected_max() > 1;
  r.required = o->get_required();
  r.description = o->get_description();
  r.default_value = o->get_default_str();
  // The type name, then ":" and each validator's description (Option::get_type_name).
  std::string type = o->get_type_name();
  for (int i = 0;; ++i) {
    const CLI::Validator* v = nullptr;
    try {
      v = o->get_validator(i);
    } catch (const CLI::OptionNotFound&) {
      break;
    }
    const std::string d = v->get_description();
    if (d.empty()) continue;
    if (const auto at = type.rfind(":" + d); at != std::string::npos) type.erase(at);
    if (d.size() > 2 && d.front() == '{' && d.back() == '}') {  // IsMember: {a,b,c}
      std::string item;
      std::istringstream in(d.substr(1, d.size() - 2));
      while (std::getline(in, item, ',')) r.choices.push_back(item);
    } else if (const auto in = d.find(" in ["); in != std::string::npos && d.back() == ']') {  // Range
      const std::string range = d.substr(in + 5, d.size() - in - 6);
      const auto sep = range.find(" - ");
      if (sep != std::string::npos) r.low = range.substr(0, sep), r.high = range.substr(sep + 3);
    }
  }
  const bool numeric = type == "INT" || type == "UINT" || type == "FLOAT" || type == "NUMBER";
  if (r.positional) {
    std::string m = upper(r.names[0]);
    if (r.repeatable && m.size() > 1 && m.back() == 'S') m.pop_back();
    r.metavar = m;
  } else if (!r.flag) {
    r.metavar = metavar(r, type, numeric);
  }
  if (!r.choices.empty()) r.kind = ValueKind::Choices;
  else if (r.metavar == "DIR") r.kind = ValueKind::Dir;
  else if (r.metavar == "FILE" || (r.positional && (has_word(r.description, "file") || has_word(r.description, "files"))))
    r.kind = ValueKind::File;
  return r;
}

// The options of `app` as its --help lists them (hidden ones left out): positionals first.
std::vector<Opt> options_of(CLI::App& app) {
  std::vector<Opt> pos, named;
  for (CLI::Option* o : app.get_options()) {
    if (o->get_group().empty()) continue;
    Opt d = describe(o);
    (d.positional ? pos : named).push_back(std::move(d));
  }
  pos.insert(pos.end(), named.begin(), named.end());
  return pos;
}

const Opt* find_option(const std::vector<Opt>& opts, std::string_view name) {
  for (const auto& o : opts)
    if (o.has(name)) return &o;
  return nullptr;
}

// A command that takes --field NAME=VALUE also takes --NAME VALUE for every field of the schema
// (run_cli turns them into fields before CLI11 parses).
bool takes_field_options(const std::vector<Opt>& opts) { return find_option(opts, "--field") != nullptr; }

std::vector<CLI::App*> commands_of(CLI::App& app) {
  std::vector<CLI::App*> out;
  for (CLI::App* sub : app.get_subcommands([](CLI::App* s) { return !s->get_group().empty(); })) out.push_back(sub);
  return out;
}

// ---- the help footer: paragraphs, some headed ("Examples:", "Exit codes:") -------------------

struct Example {
  std::string command, comment;
};

struct Footer {
  std::vector<Example> examples;
  std::vector<std::pair<std::string, std::string>> exit_codes;  // code, meaning
  std::vector<std::pair<std::string, std::string>> sections;    // heading ("" for none), prose
};

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    const auto b = l.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    out += (out.empty() ? "" : " ") + l.substr(b);
  }
  return out;
}

Footer parse_footer(const std::string& text) {
  Footer f;
  std::vector<std::vector<std::string>> blocks(1);
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(' ') == std::string::npos) {
      if (!blocks.back().empty()) blocks.emplace_back();
    } else {
      blocks.back().push_back(line);
    }
  }
  for (auto& b : blocks) {
    if (b.empty()) continue;
    std::string heading;
    const auto colon = b[0].find(':');
    if (colon != std::string::npos && std::isupper(static_cast<unsigned char>(b[0][0])) &&
        split_words(b[0].substr(0, colon)).size() <= 2) {
      heading = b[0].substr(0, colon);
      b[0] = b[0].substr(colon + 1);
    }
    if (heading == "Examples") {
      for (const auto& l : b) {
        std::string cmd = l, comment;
        if (const auto hash = l.find("  #"); hash != std::string::npos) {
          cmd = l.substr(0, hash);
          comment = l.substr(l.find_first_not_of(" #", hash));
        }
        cmd = join_lines({cmd});
        while (!cmd.empty() && cmd.back() == ' ') cmd.pop_back();
        if (!cmd.empty()) f.examples.push_back({cmd, comment});
      }
    } else if (heading == "Exit codes") {
      // "0 the command did its job, whatever the decision; 1 bad input (...); 2 usage error."
      std::string all = join_lines(b);
      if (!all.empty() && all.back() == '.') all.pop_back();
      std::string part;
      std::istringstream items(all);
      while (std::getline(items, part, ';')) {
        const auto words = split_words(part);
        const bool code = !words.empty() && std::all_of(words[0].begin(), words[0].end(), ::isdigit);
        if (code) {
          f.exit_codes.push_back({words[0], join_lines({part.substr(part.find(words[0]) + words[0].size())})});
        } else if (!f.exit_codes.empty()) {
          f.exit_codes.back().second += ";" + part;
        }
      }
    } else {
      f.sections.push_back({heading, join_lines(b)});
    }
  }
  return f;
}

// Examples for commands the main footer shows none or few of; the tests check that every
// example of every page uses only options its command has.
const std::vector<std::pair<std::string, Example>>& more_examples() {
  static const std::vector<std::pair<std::string, Example>> kMore = {
      {"check", {"accord check --format json scenarios/proposals/*.yaml", "one JSON object per proposal"}},
      {"check", {"accord check --batch proposals.jsonl --threads 4", "one JSON proposal a line"}},
      {"whatif", {"accord whatif scenarios/proposals/us-airbase-manas-2026.yaml", "who could change the answer"}},
      {"vocab", {"accord vocab Kyrgyzstan --as-of 2026-01-01", "one party and its memberships"}},
      {"test", {"accord test --coverage --junit results.xml", "the clauses no step made apply, and JUnit XML"}},
      {"run", {"accord run scenarios/armenia-path-out.yaml", "play an exercise, step by step"}},
      {"run", {"accord run scenarios/armenia-path-out.yaml --format html --handout trainee > handout.html",
               "a printable handout"}},
      {"lint", {"accord lint --rules rules --rules my-packs", "the shipped rules with packs of your own"}},
      {"diff", {"accord diff --git HEAD --expect-no-change", "CI: fail when the uncommitted rule changes change a decision"}},
      {"diff", {"accord diff rules/ edited/ --allow expected-changes.txt", "only the listed changes may happen"}},
      {"rules", {"accord rules", "every clause, by instrument"}},
      {"rules", {"accord rules csto-infrastructure-protocol-2011/art_1", "one clause in full"}},
      {"serve", {"accord serve --addr 0.0.0.0:8181 --token-file token.txt", "on every interface, with a token"}},
  };
  return kMore;
}

// ---- roff ------------------------------------------------------------------------------------

// A word of prose whose hyphens are hyphens ("open-ended"); any other word ("--rules",
// "2026-03-01", "csto-charter-2002/art_7", "YYYY-MM-DD") has minus signs, which copy as '-'.
bool prose_word(std::string_view w) {
  while (!w.empty() && std::string_view("([{\"'").find(w.front()) != std::string_view::npos) w.remove_prefix(1);
  while (!w.empty() && std::string_view(")]},.;:!?\"'").find(w.back()) != std::string_view::npos) w.remove_suffix(1);
  if (w.empty() || w.front() == '-') return false;
  bool lower = false;
  for (char ch : w) {
    if (std::islower(static_cast<unsigned char>(ch))) lower = true;
    else if (!std::isupper(static_cast<unsigned char>(ch)) && ch != '-') return false;
  }
  return lower;
}

// `s` as text on a roff line: backslashes and non-ASCII characters escaped, minus signs as \-
// (every '-' in code, in prose all but the hyphens of words); in code also the quotes, accents
// and tildes that roff would typeset.
std::string esc(std::string_view s, bool code = false) {
  std::string out;
  std::size_t word_start = 0;
  bool minus = code;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(s[i]);
    if (i == word_start && !code) {
      std::size_t e = s.find(' ', i);
      if (e == std::string_view::npos) e = s.size();
      minus = !prose_word(s.substr(i, e - i));
    }
    if (ch == ' ') word_start = i + 1;
    if (ch == '\\') out += "\\e";
    else if (ch == '-') out += minus ? "\\-" : "-";
    else if (code && ch == '\'') out += "\\(aq";
    else if (code && ch == '`') out += "\\(ga";
    else if (code && ch == '^') out += "\\(ha";
    else if (code && ch == '~') out += "\\(ti";
    else if (ch < 0x80) out += static_cast<char>(ch);
    else {
      // UTF-8 to \[uXXXX], so the page needs no preprocessor (preconv) to render.
      std::uint32_t cp = 0;
      int extra = ch >= 0xF0 ? 3 : ch >= 0xE0 ? 2 : ch >= 0xC0 ? 1 : -1;
      cp = extra == 3 ? ch & 0x07u : extra == 2 ? ch & 0x0Fu : ch & 0x1Fu;
      bool ok = extra > 0 && i + static_cast<std::size_t>(extra) < s.size();
      for (int k = 1; ok && k <= extra; ++k) {
        const unsigned char c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((c & 0xC0) != 0x80) ok = false;
        else cp = cp << 6 | (c & 0x3Fu);
      }
      if (!ok) {
        out += "\\[uFFFD]";
        continue;
      }
      i += static_cast<std::size_t>(extra);
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\[u%04X]", cp);
      out += buf;
    }
  }
  return out;
}

std::string bold(std::string_view s) { return "\\fB" + esc(s, true) + "\\fR"; }
std::string ital(std::string_view s) { return "\\fI" + esc(s, true) + "\\fR"; }

// A macro argument in double quotes (a '"' inside cannot be escaped otherwise).
std::string macro_arg(std::string_view s) {
  std::string e = esc(s);
  std::string out = "\"";
  for (char ch : e) out += ch == '"' ? std::string("\\(dq") : std::string(1, ch);
  return out + "\"";
}

class Roff {
 public:
  void macro(std::string line) { lines_.push_back(std::move(line)); }
  // A text line, already escaped: a leading '.' or '\'' would make it a request.
  void line(std::string text) {
    if (!text.empty() && (text[0] == '.' || text[0] == '\'')) text = "\\&" + text;
    if (!text.empty()) lines_.push_back(std::move(text));
  }
  void prose(std::string_view text) { line(esc(text)); }
  void section(std::string_view name) { macro(".SH " + (name.find(' ') == std::string_view::npos ? std::string(name) : macro_arg(name))); }
  void subsection(std::string_view name) { macro(".SS " + macro_arg(name)); }
  void paragraph() {
    if (!lines_.empty() && lines_.back().rfind(".SH", 0) != 0 && lines_.back().rfind(".SS", 0) != 0 &&
        lines_.back() != ".PP")
      macro(".PP");
  }
  std::string str() const {
    std::string out;
    for (const auto& l : lines_) out += l + "\n";
    return out;
  }

 private:
  std::vector<std::string> lines_;
};

// A date for .TH: SOURCE_DATE_EPOCH (reproducible builds) when set, else none.
std::string page_date() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (!epoch || !*epoch) return "";
  char* end = nullptr;
  const long long secs = std::strtoll(epoch, &end, 10);
  if (*end != '\0' || secs < 0) return "";
  const std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// "Decide proposals (...)" -> "decide proposals (...)"; "Accord: decides ..." -> "decides ...".
std::string summary_line(std::string d, const std::string& name) {
  if (d.size() > name.size() + 2 && d.compare(0, name.size() + 2, name + ": ") == 0) d = d.substr(name.size() + 2);
  if (d.size() > name.size() + 2 && std::tolower(static_cast<unsigned char>(d[0])) == name[0] &&
      d.compare(1, name.size() + 1, name.substr(1) + ": ") == 0)
    d = d.substr(name.size() + 2);
  if (!d.empty() && d.back() == '.') d.pop_back();
  if (d.size() > 1 && std::isupper(static_cast<unsigned char>(d[0])) && std::islower(static_cast<unsigned char>(d[1])))
    d[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(d[0])));
  return d;
}

// Ends with a full stop.
std::string sentence(std::string s) {
  if (!s.empty() && s.back() != '.') s += '.';
  return s;
}

// "\fB\-\-format\fR \fItext\fR|\fIjson\fR", "\fB\-v\fR, \fB\-\-verbose\fR", "\fIPROPOSAL\fR..."
std::string option_term(const Opt& o) {
  if (o.positional) return ital(o.metavar) + (o.repeatable ? "\\&..." : "");
  std::string t;
  for (const auto& n : o.names) t += (t.empty() ? "" : ", ") + bold(n);
  if (!o.flag) {
    std::string v;
    if (!o.choices.empty()) {
      for (const auto& c : o.choices) v += (v.empty() ? "" : "|") + ital(c);
    } else {
      v = ital(o.metavar);
    }
    t += " " + v;
  }
  return t;
}

// "[\fB\-\-rules\fR \fIDIR\fR]..." for the synopsis.
std::string synopsis_item(const Opt& o) {
  std::string t;
  if (o.positional) t = ital(o.metavar) + (o.repeatable ? "\\&..." : "");
  else {
    t = bold(o.primary());
    if (!o.flag) {
      std::string v;
      if (!o.choices.empty()) {
        for (const auto& c : o.choices) v += (v.empty() ? "" : "|") + esc(c, true);
        v = "\\fI" + v + "\\fR";
      } else {
        v = ital(o.metavar);
      }
      t += " " + v;
    }
  }
  if (o.required) return o.repeatable && !o.positional ? t + "\\&..." : t;
  return "[" + t + "]" + (o.repeatable && !o.positional ? "\\&..." : "");
}

void option_entry(Roff& r, const Opt& o) {
  r.macro(".TP");
  r.line(option_term(o));
  std::string text = sentence(o.description);
  r.prose(text);
  if (!o.choices.empty()) {
    std::string v;
    for (std::size_t i = 0; i < o.choices.size(); ++i)
      v += (i == 0 ? "" : i + 1 == o.choices.size() ? " or " : ", ") + bold(o.choices[i]);
    r.line("One of " + v + ".");
  }
  if (!o.low.empty()) r.line("From " + esc(o.low, true) + " to " + esc(o.high, true) + ".");
  if (!o.default_value.empty()) r.line("Default: " + bold(o.default_value) + ".");
  if (o.repeatable && !o.positional && !has_word(o.description, "repeatable")) r.prose("It can be repeated.");
}

struct EnvVar {
  const char* name;
  const char* text;
  const char* needs;  // the option a command must have for it to matter
};
const EnvVar kEnvironment[] = {
    {"ACCORD_RULES",
     "The rules directory read when no --rules is given (when set and not empty; used as is, so a "
     "directory that does not exist is an error).",
     "--rules"},
    {"ACCORD_TODAY",
     "A date (YYYY-MM-DD) taken as today: the date of a proposal without one, and the default of --as-of "
     "(for reproducible examples and exercises).",
     "--rules"},
    {"NO_COLOR", "When set, --color auto does not colour the output.", "--color"},
    {"TERM", "When dumb, --color auto does not colour the output.", "--color"},
};

struct FileEntry {
  const char* path;
  const char* text;
};
const FileEntry kFiles[] = {
    {"./rules",
     "The rules directory when neither --rules nor ACCORD_RULES is given and it holds a schema.yaml (a "
     "checkout of the Accord sources, or a rules directory of your own)."},
    {"PREFIX/share/accord/rules",
     "The rules installed with accord, beside the bin/ directory of the binary (/usr/share/accord/rules "
     "for /usr/bin/accord): read when no other rules directory applies."},
};

struct Context {
  CLI::App& app;
  std::string version;
  Footer footer;
  std::vector<CLI::App*> commands;
};

void header(Roff& r, const Context& cx, const std::string& page) {
  std::string title = page;
  for (char& ch : title) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  r.macro(".\\\" Generated by `accord --help-man` from the command's own definitions; do not edit.");
  r.macro(".TH " + esc(title, true) + " 1 " + macro_arg(page_date()) + " " + macro_arg(cx.version) + " \"Accord Manual\"");
  // Ragged right, no hyphenation: option names, paths and commands stay whole.
  r.macro(".ad l");
  r.macro(".nh");
}

void environment_and_files(Roff& r, const std::vector<Opt>& opts, bool all) {
  // A command reads the default rules directory when it takes --rules, or (diff) --git with
  // no directory named.
  auto has = [&](const std::string& name) {
    return find_option(opts, name) || (name == "--rules" && find_option(opts, "--git"));
  };
  std::vector<const EnvVar*> env;
  for (const auto& e : kEnvironment)
    if (all || has(e.needs)) env.push_back(&e);
  if (!env.empty()) {
    r.section("ENVIRONMENT");
    for (const EnvVar* e : env) {
      r.macro(".TP");
      r.line(bold(e->name));
      r.prose(e->text);
    }
  }
  if (all || has("--rules")) {
    r.section("FILES");
    for (const auto& f : kFiles) {
      r.macro(".TP");
      r.line(ital(f.path));
      r.prose(f.text);
    }
  }
}

void exit_status(Roff& r, const Context& cx) {
  if (cx.footer.exit_codes.empty()) return;
  r.section("EXIT STATUS");
  for (const auto& [code, text] : cx.footer.exit_codes) {
    r.macro(".TP");
    r.line(bold(code));
    std::string t = text;
    if (!t.empty()) t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
    r.prose(sentence(t));
  }
}

// Each commented example in a paragraph of its own, after its comment; uncommented ones together.
void examples(Roff& r, const std::vector<Example>& ex) {
  if (ex.empty()) return;
  r.section("EXAMPLES");
  for (std::size_t i = 0; i < ex.size();) {
    r.paragraph();
    if (!ex[i].comment.empty()) {
      std::string c = ex[i].comment;
      c[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(c[0])));
      r.prose(c.back() == '/' ? c : sentence(c));
    }
    r.macro(".RS 4");
    r.macro(".nf");
    do r.line(esc(ex[i++].command, true));
    while (i < ex.size() && ex[i].comment.empty());
    r.macro(".fi");
    r.macro(".RE");
  }
}

void see_also(Roff& r, const Context& cx, const std::string& self) {
  r.section("SEE ALSO");
  std::vector<std::string> pages;
  if (self != "accord") pages.push_back("accord");
  for (CLI::App* c : cx.commands)
    if ("accord-" + c->get_name() != self) pages.push_back("accord-" + c->get_name());
  for (std::size_t i = 0; i < pages.size(); ++i)
    r.macro(".BR " + esc(pages[i], true) + " (1)" + (i + 1 < pages.size() ? "," : ""));
  r.paragraph();
  r.prose("The full reference, with examples and their output: docs/cli.md in the Accord sources.");
}

std::string main_page(const Context& cx) {
  Roff r;
  header(r, cx, "accord");
  const std::vector<Opt> global = options_of(cx.app);
  r.section("NAME");
  r.line("accord \\- " + esc(summary_line(cx.app.get_description(), "accord")));

  r.section("SYNOPSIS");
  std::string line = bold("accord");
  for (const auto& o : global)
    if (o.flag && !o.has("--help") && !o.has("--version")) line += " [" + bold(o.names.front()) + "]";
  r.line(line + " " + ital("COMMAND") + " [" + ital("OPTIONS") + "] [" + ital("ARGUMENTS") + "]");
  if (find_option(global, "--version")) {
    r.macro(".br");
    r.line(bold("accord") + " " + bold("--version"));
  }
  r.macro(".br");
  r.line(bold("accord") + " [" + ital("COMMAND") + "] " + bold("--help"));

  r.section("DESCRIPTION");
  r.prose(sentence(cx.app.get_description()));
  r.prose("Results go to standard output; errors and logs to standard error.");
  for (const auto& [heading, text] : cx.footer.sections) {
    if (!heading.empty()) r.subsection(heading);
    else r.paragraph();
    r.prose(text);
  }

  r.section("COMMANDS");
  for (CLI::App* c : cx.commands) {
    r.macro(".TP");
    r.line(bold(c->get_name()));
    r.prose(sentence(c->get_description()));
    r.line("See " + bold("accord-" + c->get_name()) + "(1).");
  }

  r.section("OPTIONS");
  r.prose("These work before or after the command name.");
  for (const auto& o : global) option_entry(r, o);

  exit_status(r, cx);
  environment_and_files(r, global, true);

  r.section("SHELL COMPLETION");
  r.prose("The bash completion script is printed by accord completion bash; it completes the commands, "
          "their options, the values of options with fixed choices, file and directory names, and the "
          "actions, parties, fields and clause ids of the rules in use (asked of accord itself when "
          "completing). Installed, it is loaded by bash-completion; from a checkout of the sources:");
  r.macro(".RS 4");
  r.macro(".nf");
  r.line(esc("source <(build/accord completion bash)", true));
  r.macro(".fi");
  r.macro(".RE");

  examples(r, cx.footer.examples);
  see_also(r, cx, "accord");
  return r.str();
}

std::string command_page(const Context& cx, CLI::App& cmd) {
  const std::string name = cmd.get_name();
  const std::string page = "accord-" + name;
  const std::vector<Opt> opts = options_of(cmd);
  std::vector<Opt> global;
  for (auto& o : options_of(cx.app))
    if (!o.has("--help") && !o.has("--version")) global.push_back(std::move(o));
  const bool fields = takes_field_options(opts);

  Roff r;
  header(r, cx, page);
  r.section("NAME");
  r.line(esc(page, true) + " \\- " + esc(summary_line(cmd.get_description(), name)));

  r.section("SYNOPSIS");
  std::string first = bold("accord");
  for (const auto& o : global)
    if (o.flag) first += " [" + bold(o.names.front()) + "]";
  r.line(first + " " + bold(name));
  for (const auto& o : opts)
    if (!o.has("--help")) r.line(synopsis_item(o));
  if (fields) r.line("[" + bold("--") + ital("FIELD") + " " + ital("VALUE") + "]\\&...");

  r.section("DESCRIPTION");
  r.prose(sentence(cmd.get_description()));
  // A command's own footer (CLI11 gives a subcommand its parent's until it sets one).
  if (cmd.get_footer() != cx.app.get_footer()) {
    for (const auto& [heading, text] : parse_footer(cmd.get_footer()).sections) {
      if (!heading.empty()) r.subsection(heading);
      else r.paragraph();
      r.prose(text);
    }
  }
  if (find_option(opts, "--rules")) {
    for (const auto& [heading, text] : cx.footer.sections) {
      if (heading != "Rules") continue;
      r.subsection(heading);
      r.prose(text);
    }
  }

  r.section("OPTIONS");
  for (const auto& o : opts) option_entry(r, o);
  if (fields) {
    r.macro(".TP");
    r.line(bold("--") + ital("FIELD") + " " + ital("VALUE"));
    r.prose("Set a field of the proposal that the rules' schema declares (accord vocab fields lists them), "
            "as --field FIELD=VALUE does.");
  }
  r.subsection("Global options");
  for (const auto& o : global) option_entry(r, o);

  exit_status(r, cx);
  environment_and_files(r, opts, false);
  std::vector<Example> ex;
  for (const auto& e : cx.footer.examples)
    if (e.command.rfind("accord " + name + " ", 0) == 0 || e.command == "accord " + name) ex.push_back(e);
  for (const auto& [c, e] : more_examples())
    if (c == name) ex.push_back(e);
  examples(r, ex);
  see_also(r, cx, page);
  return r.str();
}

// ---- bash completion ------------------------------------------------------------------------

std::string words_of(const std::vector<std::string>& ws) {
  std::string out;
  for (const auto& w : ws) out += (out.empty() ? "" : " ") + w;
  return sh_quote(out);
}

// What the rules supply: the `accord completion values` request for an option's value, or for
// the NAME and VALUE of a NAME=VALUE option; empty for none.
struct FromRules {
  const char* option;
  const char* value;     // values for the option's value (or the NAME of a NAME=VALUE)
  const char* pair;      // values after NAME=: the VALUE, given NAME as the last argument
};
const FromRules kFromRules[] = {
    {"--action", "actions", nullptr},
    {"--field", "fields", "field"},
    {"--position", "parties", "positions"},
    {"--reading", "readings", "reading"},
};
// Positionals named by the rules.
const std::pair<const char*, const char*> kPositionalFromRules[] = {
    {"topic", "topics"},  // accord vocab TOPIC|NAME
    {"id", "clauses"},    // accord rules ID
};

const char* kCompletionHelpers = R"BASH(
# The words of $1 that start with $cur, ignoring case, into COMPREPLY.
_accord_words() {
  local w lc=${cur,,}
  local -a list
  read -d '' -ra list <<< "$1" || :
  for w in "${list[@]}"; do
    [[ ${w,,} == "$lc"* ]] && COMPREPLY+=("$w")
  done
}

_accord_files() {
  compopt -o filenames 2>/dev/null
  mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
}

_accord_dirs() {
  compopt -o filenames 2>/dev/null
  mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur")
}

# Words from the rules in use (`accord completion values WHAT...`, with the line's --rules):
# nothing, and no message, when accord or the rules cannot give them within 5 s.
_accord_values() {
  local bin=${COMP_WORDS[0]} i w
  local -a rules=() limit=()
  [[ $bin == "~/"* ]] && bin=$HOME/${bin#"~/"}
  [[ $bin == */* ]] || bin=$(type -P -- "$bin") || return 0
  [[ -x $bin ]] || return 0
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ ${COMP_WORDS[i]} == --rules ]] || continue
    w=${COMP_WORDS[i+1]}
    if [[ $w == = ]]; then ((i + 2 < COMP_CWORD)) || continue; w=${COMP_WORDS[i+2]}
    else ((i + 1 < COMP_CWORD)) || continue; fi
    [[ $w == "~/"* ]] && w=$HOME/${w#"~/"}
    rules+=(--rules "$w")
  done
  type -P timeout >/dev/null 2>&1 && limit=(timeout 5)
  "${limit[@]}" "$bin" completion values "$@" "${rules[@]}" </dev/null 2>/dev/null
}

# The NAME of a NAME=VALUE option: NAME= without a space after it.
_accord_names() {
  local w lc=${cur,,}
  local -a list
  read -d '' -ra list <<< "$1" || :
  for w in "${list[@]}"; do
    [[ ${w,,} == "$lc"* ]] && COMPREPLY+=("$w=")
  done
  ((${#COMPREPLY[@]})) && compopt -o nospace 2>/dev/null
  return 0
}
)BASH";

std::string completion_script(Context& cx) {
  std::ostringstream s;
  s << "# bash completion for accord                                   -*- shell-script -*-\n"
    << "# Generated by `accord completion bash` (" << cx.version << ") from the command's own\n"
    << "# definitions; do not edit. Load it with: source <(accord completion bash)\n";
  s << kCompletionHelpers;

  std::vector<std::string> names, global_words;
  for (CLI::App* c : cx.commands) names.push_back(c->get_name());
  const std::vector<Opt> global = options_of(cx.app);
  std::vector<std::string> global_value_opts;
  for (const auto& o : global) {
    for (const auto& n : o.names) global_words.push_back(n);
    if (!o.flag)
      for (const auto& n : o.names) global_value_opts.push_back(n);
  }

  s << "\n_accord() {\n"
    << "  local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= opt= key= i\n"
    << "  COMPREPLY=()\n"
    << "  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
    << "  # The command: the first word after the global options.\n"
    << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
    << "    case ${COMP_WORDS[i]} in\n";
  if (!global_value_opts.empty()) {
    std::string alts;
    for (const auto& n : global_value_opts) alts += (alts.empty() ? "" : "|") + n;
    s << "      " << alts << ") ((i++)) ;;\n";
  }
  s << "      -*) ;;\n"
    << "      *) cmd=${COMP_WORDS[i]}; break ;;\n"
    << "    esac\n"
    << "  done\n"
    << "  # The option whose value is being typed: --opt VALUE, --opt=VALUE (bash splits at '=').\n"
    << "  local at=$((COMP_CWORD - 1)) split=\n"
    << "  if [[ $cur == = ]]; then opt=$prev; cur=; split=1\n"
    << "  elif [[ $prev == = ]]; then at=$((COMP_CWORD - 2)); opt=${COMP_WORDS[at]}; split=1\n"
    << "  elif [[ $cur == --*=* ]]; then opt=${cur%%=*}; cur=${cur#*=}  # COMP_WORDBREAKS without '='\n"
    << "  else opt=$prev\n"
    << "  fi\n"
    << "  # NAME=VALUE of an option (--position RUS=object): the word before '=' follows the option.\n"
    << "  if [[ -n $split && $opt != -* ]] && ((at > 1)); then key=$opt; opt=${COMP_WORDS[at-1]}; fi\n\n"
    << "  case $cmd in\n"
    << "    '')\n"
    << "      if [[ $cur == -* ]]; then _accord_words " << words_of(global_words) << "\n"
    << "      else _accord_words " << words_of(names) << "\n"
    << "      fi ;;\n";

  for (CLI::App* c : cx.commands) {
    const std::vector<Opt> opts = options_of(*c);
    const bool fields = takes_field_options(opts);
    std::vector<std::string> words;
    for (const auto& o : opts)
      if (!o.positional)
        for (const auto& n : o.names) words.push_back(n);
    for (const auto& o : global)
      if (o.flag && !o.has("--version"))
        for (const auto& n : o.names)
          if (std::find(words.begin(), words.end(), n) == words.end()) words.push_back(n);

    s << "    " << c->get_name() << ")\n";
    // NAME=VALUE: the VALUE.
    std::string pair_cases;
    for (const auto& fr : kFromRules) {
      const Opt* o = find_option(opts, fr.option);
      if (!o || !fr.pair) continue;
      std::string alts;
      for (const auto& n : o->names) alts += (alts.empty() ? "" : "|") + n;
      pair_cases += "        " + alts + ") _accord_words \"$(_accord_values " + fr.pair +
                    (std::string(fr.pair) == std::string("positions") ? "" : " \"$key\"") + ")\"; return 0 ;;\n";
    }
    if (!pair_cases.empty())
      s << "      if [[ -n $key ]]; then\n        case $opt in\n" << pair_cases << "        esac\n      fi\n";

    s << "      case $opt in\n";
    for (const auto& o : opts) {
      if (o.positional || o.flag) continue;
      std::string alts;
      for (const auto& n : o.names) alts += (alts.empty() ? "" : "|") + n;
      std::string action;
      const FromRules* fr = nullptr;
      for (const auto& f : kFromRules)
        if (o.has(f.option)) fr = &f;
      if (fr && fr->pair) action = "_accord_names \"$(_accord_values " + std::string(fr->value) + ")\"";
      else if (fr) action = "_accord_words \"$(_accord_values " + std::string(fr->value) + ")\"";
      else if (o.kind == ValueKind::Choices) action = "_accord_words " + words_of(o.choices);
      else if (o.kind == ValueKind::Dir) action = "_accord_dirs";
      else if (o.kind == ValueKind::File) action = "_accord_files";
      else action = ":";  // a value, typed
      s << "        " << alts << ") " << action << "; return 0 ;;\n";
    }
    if (fields) {
      // Not an option of the command: a field of the schema, whose values the rules know.
      std::vector<std::string> flag_names;
      for (const auto* list : {&opts, &global})
        for (const auto& o : *list)
          if (o.flag)
            for (const auto& n : o.names)
              if (std::find(flag_names.begin(), flag_names.end(), n) == flag_names.end()) flag_names.push_back(n);
      std::string flags;
      for (const auto& n : flag_names) flags += (flags.empty() ? "" : "|") + n;
      s << "        " << flags << ") ;;\n"
        << "        --?*) _accord_words \"$(_accord_values field \"${opt#--}\")\"; return 0 ;;\n";
    }
    s << "      esac\n";

    const Opt* positional = nullptr;
    for (const auto& o : opts)
      if (o.positional) positional = &o;
    s << "      if [[ $cur == -* ]]; then\n"
      << "        _accord_words " << words_of(words) << "\n";
    if (fields) {
      s << "        local f fs=\n"
        << "        for f in $(_accord_values fields); do fs+=\" --$f\"; done\n"
        << "        _accord_words \"$fs\"\n";
    }
    s << "      else\n";
    std::string positional_action = "_accord_words " + words_of(words);  // no operands: the options
    if (positional) {
      positional_action = ":";
      for (const auto& [pname, values] : kPositionalFromRules)
        if (positional->names[0] == pname) positional_action = std::string("_accord_words \"$(_accord_values ") + values + ")\"";
      if (positional->kind == ValueKind::File) positional_action = "_accord_files";
      else if (positional->kind == ValueKind::Dir) positional_action = "_accord_dirs";
    }
    s << "        " << positional_action << "\n"
      << "      fi ;;\n";
  }
  s << "  esac\n"
    << "  return 0\n"
    << "}\n\n"
    << "complete -F _accord accord\n";
  return s.str();
}

// ---- accord completion values ----------------------------------------------------------------

int completion_values(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  RulesOptions ro;
  std::vector<std::string> what;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--rules" && i + 1 < args.size()) ro.dirs.push_back(args[++i]);
    else if (args[i].rfind("--rules=", 0) == 0) ro.dirs.push_back(args[i].substr(8));
    else what.push_back(args[i]);
  }
  static const std::set<std::string> kWhat = {"actions", "fields", "field", "parties", "positions",
                                             "readings", "reading", "topics", "clauses"};
  if (what.empty() || !kWhat.count(what[0])) {
    err << "accord: error: completion values: " << (what.empty() ? "which words?" : "no list '" + what[0] + "'")
        << " (actions, fields, field NAME, parties, positions, readings, reading CLAUSE_ID, topics, clauses)\n";
    return kExitUsage;
  }
  // Rules that do not load give no words and no message (the script runs this at every Tab).
  spdlog::set_level(spdlog::level::off);
  std::ostringstream quiet;
  auto engine = load_engine(ro, quiet);
  if (!engine) return kExitInput;
  const Tables& t = engine->tables();
  const RuleSet& rules = engine->rules();
  std::vector<std::string> words;
  auto parties = [&] {  // states and organizations, by code
    for (SymId p = 1; p < t.parties.size(); ++p)
      if (!t.is_instrument[p]) words.push_back(t.parties.name(p));
  };
  auto actions = [&] {
    for (const auto& a : rules.schema.actions) words.push_back(a.name);
  };
  const std::string& w = what[0];
  const std::string arg = what.size() > 1 ? what[1] : "";
  if (w == "actions") actions();
  else if (w == "fields") {
    for (const auto& f : rules.schema.fields) words.push_back(f.name);
  } else if (w == "parties") parties();
  else if (w == "positions") {
    for (SymId s : t.domains[kPositionDomain].values) words.push_back(t.strings.name(s));
  } else if (w == "field") {
    if (arg == "action") actions();
    for (const auto& f : rules.schema.fields) {
      if (f.name != arg) continue;
      switch (f.type) {
        case FieldType::Party:
        case FieldType::Parties: parties(); break;
        case FieldType::Site:
          for (const auto& s : rules.facts.sites) words.push_back(s.id);
          break;
        case FieldType::Bool: words = {"true", "false"}; break;
        case FieldType::String: words = f.values; break;
        case FieldType::Int:
        case FieldType::Date: break;
      }
    }
  } else if (w == "readings" || w == "reading") {
    for (const auto& c : rules.clauses) {
      if (c.readings.size() < 2 || (w == "reading" && c.id != arg)) continue;
      if (w == "readings") words.push_back(c.id);
      else
        for (const auto& r : c.readings) words.push_back(r.name);
    }
  } else if (w == "topics") {
    for (const char* topic : {"actions", "fields", "parties", "organizations", "sites"}) words.push_back(topic);
    actions();
    parties();
    for (const auto& s : rules.facts.sites) words.push_back(s.id);
  } else if (w == "clauses") {
    for (const auto& c : rules.clauses) words.push_back(c.id);
    for (const auto& i : rules.instruments) words.push_back(i.id);
  }
  std::set<std::string> seen;
  for (const auto& x : words)
    if (seen.insert(x).second) out << x << "\n";
  return kExitOk;
}

}  // namespace

bool is_manual_request(int argc, const char* const* argv) {
  if (argc < 2) return false;
  const std::string_view a = argv[1];
  return a == "--help-man" || a == "completion";
}

int run_manual(CLI::App& app, int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  Context cx{app, std::string("accord ") + ACCORD_VERSION, parse_footer(app.get_footer()), commands_of(app)};
  std::vector<std::string> names;
  for (CLI::App* c : cx.commands) names.push_back(c->get_name());

  if (args[0] == "--help-man") {
    if (args.size() > 2) {
      err << "accord: error: --help-man takes one command at most (accord --help-man [COMMAND])\n";
      return kExitUsage;
    }
    const std::string what = args.size() == 2 ? args[1] : "";
    if (what == "--list") {
      out << "accord\n";
      for (const auto& n : names) out << "accord-" << n << "\n";
      return kExitOk;
    }
    if (what.empty() || what == "accord") {
      out << main_page(cx);
      return kExitOk;
    }
    const std::string command = what.rfind("accord-", 0) == 0 ? what.substr(7) : what;
    for (CLI::App* c : cx.commands)
      if (c->get_name() == command) {
        out << command_page(cx, *c);
        return kExitOk;
      }
    err << "accord: error: " << with_suggestion("no manual page for '" + what + "'", command, names)
        << " (commands: ";
    for (std::size_t i = 0; i < names.size(); ++i) err << (i ? ", " : "") << names[i];
    err << ")\n";
    return kExitUsage;
  }

  // accord completion SHELL | values WHAT...
  if (args.size() >= 2 && args[1] == "values") return completion_values({args.begin() + 2, args.end()}, out, err);
  if (args.size() == 2 && args[1] == "bash") {
    out << completion_script(cx);
    return kExitOk;
  }
  if (args.size() < 2) err << "accord: error: completion needs a shell: accord completion bash\n";
  else if (args.size() > 2) err << "accord: error: completion takes one shell: accord completion bash\n";
  else err << "accord: error: no completion for the shell '" << args[1] << "' (there is one for: bash)\n";
  return kExitUsage;
}

std::string sh_quote(std::string_view s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

}  // namespace accord::internal
