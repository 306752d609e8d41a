// The man pages and the bash completion, as a user meets them, from the built binary:
//  * every command of `accord --help` has a page, and every option, positional, allowed value,
//    range and default that `accord COMMAND --help` lists is in it, with the usual sections;
//  * the pages are valid roff: groff renders them without a warning, and option names, code and
//    non-ASCII characters are escaped;
//  * every example in a page uses only options its command has (the examples cannot drift);
//  * cmake/manpages.cmake, run as the build runs it, writes the pages gzipped without a time
//    stamp and the completion script, byte for byte what the binary prints;
//  * the completion script is valid bash and, sourced with COMP_WORDS/COMP_CWORD set, completes
//    commands, options, fixed choices, files, directories and words of the rules (actions,
//    parties, field values), and stays silent when the rules do not load;
//  * mistakes (an unknown page, an unknown shell) are usage errors (exit 2) that say what exists.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/fixture.h"
#include "support/run_command.h"

namespace accord::internal {
namespace {

namespace fs = std::filesystem;
using cmd::Result;
using Strings = std::vector<std::string>;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

using fx::TempDir;

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// Single-quoted for sh.
std::string sq(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string sh(const std::string& script, const Strings& args = {}) {
  Strings argv = {"sh", "-c", script, "sh"};
  argv.insert(argv.end(), args.begin(), args.end());
  const Result r = cmd::run(argv);
  EXPECT_TRUE(r.problem.empty()) << r.problem;
  return r.out;
}

bool have(const std::string& program) {
  return cmd::run({"sh", "-c", "command -v " + program + " >/dev/null"}).exit_code == 0;
}

// ---- what --help says ------------------------------------------------------------------------

struct HelpEntry {
  Strings names;  // "-h", "--help"; a positional: its name
  bool positional = false;
  std::string head;  // names, type, allowed values, range, default: "--threads UINT:UINT in [1 - 64]=8"
  std::string description;
};

// The entries of the "Positionals:" and "Options:" sections of `accord [COMMAND] --help`.
std::vector<HelpEntry> help_entries(const std::string& help) {
  std::vector<HelpEntry> out;
  const Strings lines = cmd::lines(help);
  bool in = false, positionals = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l == "Options:" || l == "Positionals:") {
      in = true;
      positionals = l == "Positionals:";
      continue;
    }
    if (l.empty()) in = false;
    if (!in || l.size() < 3 || l[0] != ' ' || l[1] != ' ' || l[2] == ' ') continue;
    HelpEntry e;
    e.positional = positionals;
    const std::size_t gap = l.find("  ", 2);
    const std::string head = l.substr(2, gap == std::string::npos ? std::string::npos : gap - 2);
    e.description = gap == std::string::npos ? "" : l.substr(l.find_first_not_of(' ', gap));
    if (e.description.empty() && i + 1 < lines.size()) e.description = lines[i + 1].substr(lines[i + 1].find_first_not_of(' '));
    std::string names = cmd::words(head)[0];
    if (const auto brace = names.find('{'); brace != std::string::npos) names.erase(brace);  // --no-watch{false}
    std::stringstream ss(names);
    for (std::string n; std::getline(ss, n, ',');) e.names.push_back(n);
    e.head = head;
    out.push_back(e);
  }
  return out;
}

// The commands `accord --help` lists.
Strings commands() {
  const Result r = cmd::accord({"--help"});
  Strings out;
  bool in = false;
  for (const auto& l : cmd::lines(r.out)) {
    if (l == "Subcommands:") {
      in = true;
      continue;
    }
    if (l.empty()) in = false;
    if (in) out.push_back(cmd::words(l)[0]);
  }
  return out;
}

// ---- roff --------------------------------------------------------------------------------------

std::string page(const std::string& name) {
  const Result r = name == "accord" ? cmd::accord({"--help-man"}) : cmd::accord({"--help-man", name});
  EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
  EXPECT_EQ(r.err, "");
  return r.out;
}

// The roff source of option names: "--as-of" -> "\-\-as\-of".
std::string roff_name(const std::string& s) {
  std::string out;
  for (char ch : s) out += ch == '-' ? std::string("\\-") : std::string(1, ch);
  return out;
}

// A page's text without the roff: the requests' lines dropped (but .TP items kept), escapes
// undone, lines joined with spaces.
std::string unroff(const std::string& roff) {
  std::string text;
  for (const auto& l : cmd::lines(roff)) {
    if (!l.empty() && l[0] == '.') {
      if (l.rfind(".BR ", 0) == 0) text += l.substr(4) + " ";
      continue;
    }
    text += l + " ";
  }
  const std::pair<const char*, const char*> kEscapes[] = {
      {"\\-", "-"}, {"\\fB", ""}, {"\\fI", ""}, {"\\fR", ""}, {"\\&", ""},
      {"\\(aq", "'"}, {"\\(dq", "\""}, {"\\(ga", "`"}, {"\\(ha", "^"}, {"\\(ti", "~"}, {"\\e", "\\"}};
  for (const auto& [from, to] : kEscapes)
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + std::string(to).size()))
      text.replace(at, std::string(from).size(), to);
  return text;
}

// The .SH headings of a page, in order.
Strings sections(const std::string& roff) {
  Strings out;
  for (const auto& l : cmd::lines(roff)) {
    if (l.rfind(".SH ", 0) != 0) continue;
    std::string h = l.substr(4);
    if (h.size() > 1 && h.front() == '"') h = h.substr(1, h.size() - 2);
    out.push_back(h);
  }
  return out;
}

// The text of one section (until the next .SH).
std::string section(const std::string& roff, const std::string& heading) {
  std::string out;
  bool in = false;
  for (const auto& l : cmd::lines(roff)) {
    if (l.rfind(".SH ", 0) == 0) {
      std::string h = l.substr(4);
      if (h.size() > 1 && h.front() == '"') h = h.substr(1, h.size() - 2);
      in = h == heading;
      continue;
    }
    if (in) out += l + "\n";
  }
  return out;
}

// The example commands of a page: the lines of its EXAMPLES section between .nf and .fi.
Strings examples(const std::string& roff) {
  Strings out;
  bool in = false;
  for (const auto& l : cmd::lines(section(roff, "EXAMPLES"))) {
    if (l == ".nf") in = true;
    else if (l == ".fi") in = false;
    else if (in) out.push_back(unroff(l + "\n"));
  }
  return out;
}

// ---- the pages -------------------------------------------------------------------------------

TEST(ManualPages, EveryCommandHasAPage) {
  const Strings cmds = commands();
  ASSERT_GE(cmds.size(), 8u);
  Strings want = {"accord"};
  for (const auto& c : cmds) want.push_back("accord-" + c);
  const Result list = cmd::accord({"--help-man", "--list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(cmd::lines(list.out), want);

  for (const auto& c : cmds) {
    SCOPED_TRACE(c);
    const std::string p = page(c);
    EXPECT_TRUE(contains(p, "\n.TH ACCORD\\-" + [&] {
      std::string u;
      for (char ch : c) u += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      return u;
    }() + " 1 ")) << p.substr(0, 300);
    EXPECT_TRUE(contains(p, "\n.SH NAME\naccord\\-" + c + " \\- ")) << p.substr(0, 300);
    EXPECT_EQ(page("accord-" + c), p) << "the page by its own name";
  }
  const std::string main = page("accord");
  EXPECT_TRUE(contains(main, "\n.TH ACCORD 1 ")) << main.substr(0, 300);
  const std::string commands_section = section(main, "COMMANDS");
  for (const auto& c : cmds) {
    EXPECT_TRUE(contains(commands_section, ".TP\n\\fB" + c + "\\fR\n")) << c << "\n" << commands_section;
    EXPECT_TRUE(contains(commands_section, "See \\fBaccord\\-" + c + "\\fR(1).")) << c;
  }
}

TEST(ManualPages, EveryOptionOfHelpIsInThePage) {
  Strings cmds = commands();
  cmds.insert(cmds.begin(), "");
  for (const auto& c : cmds) {
    SCOPED_TRACE(c.empty() ? "accord" : c);
    const Result help = c.empty() ? cmd::accord({"--help"}) : cmd::accord({c, "--help"});
    ASSERT_EQ(help.exit_code, 0);
    const std::string roff = page(c.empty() ? "accord" : c);
    const std::string options = section(roff, "OPTIONS");
    const std::string text = unroff(options);
    const auto entries = help_entries(help.out);
    ASSERT_GE(entries.size(), 3u) << help.out;
    for (const auto& e : entries) {
      for (const auto& n : e.names)
        if (!e.positional) { EXPECT_TRUE(contains(options, "\\fB" + roff_name(n) + "\\fR")) << n; }
      EXPECT_TRUE(contains(text, e.description)) << e.names[0] << ": " << e.description;
      // Allowed values ("TEXT:{text,json}"), ranges ("UINT:UINT in [1 - 64]") and defaults ("=8").
      static const std::regex kChoices(R"(:\{([^}]*)\})"), kRange(R"( in \[(\S+) - (\S+)\])"), kDefault(R"(=(\S+)$)");
      std::smatch m;
      if (std::regex_search(e.head, m, kChoices)) {
        std::stringstream ss(m[1].str());
        for (std::string v; std::getline(ss, v, ',');) EXPECT_TRUE(contains(options, "\\fB" + v + "\\fR")) << e.head << ": " << v;
      }
      if (std::regex_search(e.head, m, kRange)) { EXPECT_TRUE(contains(text, "From " + m[1].str() + " to " + m[2].str() + ".")) << e.head; }
      if (std::regex_search(e.head, m, kDefault)) { EXPECT_TRUE(contains(text, "Default: " + m[1].str() + ".")) << e.head; }
    }
  }
}

TEST(ManualPages, HaveTheUsualSections) {
  Strings pages = {"accord"};
  for (const auto& c : commands()) pages.push_back(c);
  for (const auto& p : pages) {
    SCOPED_TRACE(p);
    const std::string roff = page(p);
    const Strings s = sections(roff);
    ASSERT_GE(s.size(), 8u);
    EXPECT_EQ(s.front(), "NAME");
    EXPECT_EQ(s[1], "SYNOPSIS");
    EXPECT_EQ(s.back(), "SEE ALSO");
    for (const char* want : {"DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES"})
      EXPECT_NE(std::find(s.begin(), s.end(), want), s.end()) << want << " in " << p;
    const std::string exit = section(roff, "EXIT STATUS");
    for (const char* code : {"0", "1", "2"}) EXPECT_TRUE(contains(exit, ".TP\n\\fB" + std::string(code) + "\\fR\n")) << exit;
    EXPECT_TRUE(contains(unroff(section(roff, "ENVIRONMENT")), "ACCORD_RULES The rules directory read when no --rules"));
    EXPECT_TRUE(contains(unroff(section(roff, "FILES")), "PREFIX/share/accord/rules"));
    EXPECT_TRUE(contains(unroff(section(roff, "SEE ALSO")), p == "accord" ? "accord-check (1)" : "accord (1)"));
    EXPECT_TRUE(contains(section(roff, "SYNOPSIS"), p == "accord" ? "\\fBaccord\\fR" : "\\fB" + p + "\\fR"));
  }
  // The proposal commands take a field of the schema as an option (run_cli), and say so.
  for (const char* p : {"check", "whatif"}) {
    const std::string roff = page(p);
    EXPECT_TRUE(contains(section(roff, "SYNOPSIS"), "[\\fB\\-\\-\\fR\\fIFIELD\\fR \\fIVALUE\\fR]")) << p;
    EXPECT_TRUE(contains(unroff(section(roff, "DESCRIPTION")), "Every proposal field of the schema is an option too")) << p;
  }
  // The main page: the footer of --help (rules directory, examples, exit codes), and completion.
  const std::string main = page("accord");
  EXPECT_TRUE(contains(unroff(section(main, "DESCRIPTION")), "--rules DIR (repeatable), else $ACCORD_RULES"));
  EXPECT_TRUE(contains(unroff(section(main, "EXIT STATUS")), "2 Usage error."));
  EXPECT_TRUE(contains(unroff(section(main, "SHELL COMPLETION")), "source <(build/accord completion bash)"));
  EXPECT_GE(examples(main).size(), 9u);
}

TEST(ManualPages, AreValidRoffWithEscapes) {
  Strings pages = {"accord"};
  for (const auto& c : commands()) pages.push_back(c);
  const std::set<std::string> kRequests = {".TH", ".SH", ".SS", ".TP", ".PP", ".RS", ".RE", ".nf", ".fi",
                                           ".br", ".BR", ".ad", ".nh", ".\\\""};
  for (const auto& p : pages) {
    SCOPED_TRACE(p);
    const std::string roff = page(p);
    for (const auto& l : cmd::lines(roff)) {
      ASSERT_FALSE(l.empty()) << "a blank line is a paragraph break roff warns about";
      EXPECT_NE(l[0], '\'') << l;
      EXPECT_NE(l.back(), ' ') << "trailing space: " << l;
      if (l[0] == '.') {
        EXPECT_TRUE(kRequests.count(l.substr(0, std::min(l.find(' '), l.size())))) << "unknown request: " << l;
        if (l.rfind(".\\\"", 0) == 0) continue;  // a comment
      }
      // Minus signs and backslashes escaped: "--" would typeset as an en dash in some fonts and
      // not be found by searching for the option.
      EXPECT_FALSE(contains(l, "--")) << l;
      for (char ch : l) EXPECT_LT(static_cast<unsigned char>(ch), 0x80) << "non-ASCII (not \\[uXXXX]) in " << l;
    }
  }
  // Code keeps its quotes: the examples' "United States" and the completion's source <(...).
  EXPECT_TRUE(contains(page("check"), "\\-\\-actor \"United States\" \\-\\-host Kyrgyzstan"));
}

TEST(ManualPages, RenderWithoutWarnings) {
  if (!have("groff")) GTEST_SKIP() << "groff is not installed (scripts/install-deps installs groff-base)";
  TempDir dir;
  Strings pages = {"accord"};
  for (const auto& c : commands()) pages.push_back(c);
  for (const auto& p : pages) {
    SCOPED_TRACE(p);
    const fs::path file = dir.path() / (p + ".1");
    write_file(file, page(p));
    const Result r = cmd::run({"groff", "-man", "-Tutf8", "-ww", "-z", file.string()});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "") << "groff warns about " << p;
    // As man shows it: the options as typed, copied from the page.
    const Result text = cmd::run({"sh", "-c", "groff -man -Tascii -P-c -P-b -P-u " + sq(file.string()) + " 2>&1"});
    EXPECT_TRUE(contains(text.out, p == "accord" ? "accord - " : "accord-" + p + " - ")) << text.out.substr(0, 400);
    if (p == "check") {
      EXPECT_TRUE(contains(text.out, "--format text|json")) << text.out;
      EXPECT_TRUE(contains(text.out, "accord check --action basing --actor USA --host KGZ --position Russia=object"));
    }
  }
}

TEST(ManualPages, ExamplesUseOnlyOptionsTheCommandHas) {
  // The fields of the schema are options of check and whatif (accord vocab fields).
  const Result fields = cmd::accord({"vocab", "fields", "--rules", "rules"});
  ASSERT_EQ(fields.exit_code, 0) << fields.err;
  std::set<std::string> field_names;
  for (const auto& l : cmd::lines(fields.out))
    if (l.size() > 2 && l[0] == ' ' && l[2] != ' ') field_names.insert(cmd::words(l)[0]);
  ASSERT_TRUE(field_names.count("actor"));

  std::map<std::string, std::set<std::string>> options;  // command -> its option names
  const Strings cmds = commands();
  for (const auto& c : cmds)
    for (const auto& e : help_entries(cmd::accord({c, "--help"}).out))
      for (const auto& n : e.names) options[c].insert(n);
  for (const auto& e : help_entries(cmd::accord({"--help"}).out))
    for (const auto& n : e.names)
      for (const auto& c : cmds) options[c].insert(n);  // -v, -q work after the command

  std::size_t seen = 0;
  Strings pages = {"accord"};
  for (const auto& c : cmds) pages.push_back(c);
  for (const auto& p : pages) {
    const Strings ex = examples(page(p));
    if (p != "accord") { EXPECT_FALSE(ex.empty()) << "accord-" << p << "(1) has no example"; }
    for (const auto& line : ex) {
      SCOPED_TRACE(line);
      const Strings w = cmd::words(line);
      ASSERT_GE(w.size(), 2u);
      EXPECT_EQ(w[0], "accord");
      ASSERT_TRUE(options.count(w[1])) << "not a command: " << w[1];
      if (p != "accord") { EXPECT_EQ(w[1], p) << "an example of another command"; }
      for (const auto& word : w) {
        if (word.rfind("--", 0) != 0) continue;
        const std::string name = word.substr(0, word.find('='));
        const bool field = (w[1] == "check" || w[1] == "whatif") && field_names.count(name.substr(2));
        EXPECT_TRUE(options[w[1]].count(name) || field) << name << " is not an option of accord " << w[1];
      }
      ++seen;
    }
  }
  EXPECT_GE(seen, 15u);
}

TEST(ManualPages, DatedFromSourceDateEpoch) {
  const std::string bin = ACCORD_BIN;
  EXPECT_TRUE(contains(sh("SOURCE_DATE_EPOCH=1767225600 exec \"$1\" --help-man check", {bin}),
                       "\n.TH ACCORD\\-CHECK 1 \"2026\\-01\\-01\" \"accord " ACCORD_VERSION "\" \"Accord Manual\"\n"));
  EXPECT_TRUE(contains(sh("unset SOURCE_DATE_EPOCH; exec \"$1\" --help-man check", {bin}),
                       "\n.TH ACCORD\\-CHECK 1 \"\" \"accord " ACCORD_VERSION "\""));
}

TEST(ManualPages, MistakesAreUsageErrors) {
  const Result typo = cmd::accord({"--help-man", "chek"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_EQ(typo.out, "");
  EXPECT_EQ(typo.err,
            "accord: error: no manual page for 'chek'; did you mean 'check'? (commands: check, whatif, vocab, test, "
            "run, lint, diff, rules, serve)\n");
  const Result unknown = cmd::accord({"--help-man", "frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(contains(unknown.err, "accord: error: no manual page for 'frobnicate' (commands: check,")) << unknown.err;
  const Result two = cmd::accord({"--help-man", "check", "whatif"});
  EXPECT_EQ(two.exit_code, 2);
  EXPECT_EQ(two.err, "accord: error: --help-man takes one command at most (accord --help-man [COMMAND])\n");

  const Result zsh = cmd::accord({"completion", "zsh"});
  EXPECT_EQ(zsh.exit_code, 2);
  EXPECT_EQ(zsh.out, "");
  EXPECT_EQ(zsh.err, "accord: error: no completion for the shell 'zsh' (there is one for: bash)\n");
  const Result none = cmd::accord({"completion"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err, "accord: error: completion needs a shell: accord completion bash\n");
  const Result what = cmd::accord({"completion", "values", "weather", "--rules", "rules"});
  EXPECT_EQ(what.exit_code, 2);
  EXPECT_EQ(what.out, "");
  EXPECT_EQ(what.err,
            "accord: error: completion values: no list 'weather' (actions, fields, field NAME, parties, positions, "
            "readings, reading CLAUSE_ID, topics, clauses)\n");
}

// cmake/manpages.cmake as the build runs it: every page gzipped with no name or time stamp
// (reproducible packages), the completion script, each exactly what the binary prints.
TEST(ManualPages, CmakeScriptWritesGzippedPagesAndTheCompletion) {
  if (!have("cmake") || !have("gzip")) GTEST_SKIP() << "cmake or gzip is not installed";
  TempDir dir;
  const std::string out = (dir.path() / "man").string();
  fs::create_directories(out + "/man1");
  write_file(out + "/man1/accord-gone.1.gz", "a page of a command that no longer exists");
  const Result r = cmd::run({"cmake", "-DACCORD=" ACCORD_BIN, "-DOUT=" + out, "-DGZIP=gzip", "-P",
                             std::string(ACCORD_REPO) + "/cmake/manpages.cmake"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  Strings want = {"accord.1.gz"};
  for (const auto& c : commands()) want.push_back("accord-" + c + ".1.gz");
  Strings got;
  for (const auto& e : fs::directory_iterator(out + "/man1")) got.push_back(e.path().filename().string());
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, want);
  for (const auto& f : want) {
    SCOPED_TRACE(f);
    const std::string gz = cmd::slurp(out + "/man1/" + f);
    ASSERT_GE(gz.size(), 10u);
    EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
    EXPECT_EQ(gz[3] & 0x08, 0) << "the file name is stored (gzip without -n)";
    EXPECT_EQ(gz.substr(4, 4), std::string(4, '\0')) << "a time stamp is stored (gzip without -n)";
    const std::string name = f.substr(0, f.size() - 5);
    EXPECT_EQ(sh("gzip -dc \"$1\"", {out + "/man1/" + f}), page(name));
  }
  EXPECT_EQ(cmd::slurp(out + "/completions/accord"), cmd::accord({"completion", "bash"}).out);

  const Result missing = cmd::run({"cmake", "-DOUT=" + out, "-P", std::string(ACCORD_REPO) + "/cmake/manpages.cmake"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_TRUE(contains(missing.err, "manpages.cmake: -DACCORD=")) << missing.err;
}

// ---- the completion ------------------------------------------------------------------------------

class ManualCompletion : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    script_ = new TempDir;
    const Result r = cmd::accord({"completion", "bash"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    write_file(script_->path() / "accord", r.out);
  }
  static void TearDownTestSuite() {
    delete script_;
    script_ = nullptr;
  }
  static std::string script() { return (script_->path() / "accord").string(); }

  // What bash offers for `words` (the last one is being typed), run in `cwd`; stderr must stay
  // empty (nothing may be printed into the user's shell).
  static Strings complete(const Strings& words, const std::string& cwd = ACCORD_REPO) {
    std::string line = "COMP_WORDS=(" + sq(ACCORD_BIN);
    for (const auto& w : words) {
      line += ' ';  // not `" " + sq(w)`: GCC 12 warns falsely on that (-Wrestrict, bug 105329)
      line += sq(w);
    }
    line += "); COMP_CWORD=" + std::to_string(words.size()) + "; _accord; ";
    const Result r = cmd::run({"bash", "-c",
                               "cd " + sq(cwd) + " && source " + sq(script()) + " && " + line +
                                   "rc=$?; printf '%s\\n' \"${COMPREPLY[@]}\"; exit $rc"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "") << "printed into the shell while completing";
    Strings out = cmd::lines(r.out);
    out.erase(std::remove(out.begin(), out.end(), ""), out.end());
    return out;
  }
  static bool has(const Strings& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

  static TempDir* script_;
};
TempDir* ManualCompletion::script_ = nullptr;

TEST_F(ManualCompletion, IsValidBashAndRegistersItself) {
  const Result n = cmd::run({"bash", "-n", script()});
  EXPECT_EQ(n.exit_code, 0) << n.err;
  EXPECT_EQ(n.err, "");
  const Result p = cmd::run({"bash", "-c", "source " + sq(script()) + " && complete -p accord"});
  EXPECT_EQ(p.out, "complete -F _accord accord\n") << p.err;
}

TEST_F(ManualCompletion, CompletesCommandsOptionsAndChoices) {
  EXPECT_EQ(complete({"ch"}), (Strings{"check"}));
  EXPECT_EQ(complete({"check", "--fo"}), (Strings{"--format"}));
  EXPECT_EQ(complete({"-v", "wh"}), (Strings{"whatif"}));
  EXPECT_EQ(complete({""}), commands()) << "every command, and no hidden one";
  EXPECT_EQ(complete({"--ver"}), (Strings{"--version", "--verbose"}));
  EXPECT_EQ(complete({"check", "--format", ""}), (Strings{"text", "json"}));
  EXPECT_EQ(complete({"check", "--format", "=", "j"}), (Strings{"json"})) << "--format=j";
  EXPECT_EQ(complete({"check", "--format", "="}), (Strings{"text", "json"})) << "--format=";
  EXPECT_EQ(complete({"run", "--handout", ""}), (Strings{"trainee", "instructor"}));
  EXPECT_EQ(complete({"serve", "--threads", ""}), Strings{}) << "a number: nothing to offer";
  // Every option that COMMAND --help lists.
  for (const auto& c : commands()) {
    const Strings offered = complete({c, "--"});
    for (const auto& e : help_entries(cmd::accord({c, "--help"}).out))
      for (const auto& n : e.names)
        if (n.rfind("--", 0) == 0) { EXPECT_TRUE(has(offered, n)) << c << " " << n; }
  }
}

TEST_F(ManualCompletion, CompletesFilesAndDirectories) {
  TempDir dir;
  fs::create_directories(dir.path() / "packs");
  write_file(dir.path() / "proposal.yaml", "action: basing\n");
  const std::string cwd = dir.path().string();
  EXPECT_EQ(complete({"check", "--rules", ""}, cwd), (Strings{"packs"})) << "--rules: directories only";
  EXPECT_EQ(complete({"check", "--rules", "=", "pa"}, cwd), (Strings{"packs"}));
  Strings files = complete({"check", ""}, cwd);
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (Strings{"packs", "proposal.yaml"})) << "proposals: files (and directories to go into)";
  EXPECT_EQ(complete({"run", "pro"}, cwd), (Strings{"proposal.yaml"}));
  EXPECT_EQ(complete({"test", "--junit", "pro"}, cwd), (Strings{"proposal.yaml"}));
}

TEST_F(ManualCompletion, CompletesWordsOfTheRules) {
  const Strings actors = complete({"check", "--actor", "kg"});
  EXPECT_EQ(actors, (Strings{"KGZ"})) << "parties by code, in any case";
  EXPECT_TRUE(has(complete({"check", "--action", "arm"}), "armed_attack"));
  EXPECT_TRUE(has(complete({"whatif", "--org", "CS"}), "CSTO"));
  EXPECT_TRUE(has(complete({"check", "--site", "ma"}), "manas"));
  EXPECT_EQ(complete({"check", "--request", ""}), (Strings{"true", "false"}));
  EXPECT_EQ(complete({"check", "--do"}), (Strings{"--domestic_price"})) << "a field of the schema as an option";
  EXPECT_EQ(complete({"check", "--position", "RU"}), (Strings{"RUS="}));
  EXPECT_EQ(complete({"check", "--position", "RUS", "=", "ob"}), (Strings{"object"}));
  EXPECT_EQ(complete({"check", "--position", "RUS", "="}), (Strings{"none", "consent", "object", "abstain"}));
  EXPECT_EQ(complete({"check", "--field", "purp"}), (Strings{"purpose="}));
  EXPECT_TRUE(has(complete({"check", "--field", "purpose", "=", ""}), "logistics"));
  EXPECT_TRUE(has(complete({"vocab", "org"}), "organizations"));
  EXPECT_TRUE(has(complete({"rules", "csto-charter-2002/art_7"}), "csto-charter-2002/art_7__para_4"));
  // The rules named on the line, from anywhere.
  TempDir elsewhere;
  const std::string rules = std::string(ACCORD_REPO) + "/rules";
  EXPECT_EQ(complete({"check", "--rules", rules, "--host", "KG"}, elsewhere.path().string()), (Strings{"KGZ"}));
  EXPECT_EQ(complete({"check", "--rules", "=", rules, "--host", "KG"}, elsewhere.path().string()), (Strings{"KGZ"}));
}

TEST_F(ManualCompletion, RulesThatDoNotLoadGiveNothingAndNoMessage) {
  TempDir dir;
  fs::create_directories(dir.path() / "broken");
  write_file(dir.path() / "broken" / "schema.yaml", "fields: [not a map\n");
  const std::string cwd = dir.path().string();
  EXPECT_EQ(complete({"check", "--rules", "/nonexistent", "--actor", "K"}, cwd), Strings{});
  EXPECT_EQ(complete({"check", "--rules", "broken", "--actor", "K"}, cwd), Strings{});
  EXPECT_EQ(complete({"check", "--rules", "broken", "--fo"}, cwd), (Strings{"--format"})) << "the rest still completes";
  // And accord itself: nothing on stdout or stderr, exit 1.
  const Result r = cmd::accord({"completion", "values", "parties", "--rules", "/nonexistent"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out + r.err, "");
}

}  // namespace
}  // namespace accord::internal
