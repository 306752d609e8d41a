// accord check --batch FILE.jsonl: one JSON proposal per line in, one JSON decision per line
// out, in input order. Streaming: input is read in chunks, a bounded number of chunks is in
// flight at once (memory stays flat however long the file), N workers decide them, and the
// main thread writes finished chunks in order.
//
// Each line is parsed with simdjson's DOM parser (runtime-dispatched SIMD) on the fast path. A line that fails anywhere is parsed
// again on the slow path (nlohmann for JSON syntax with its byte position, then the YAML
// proposal loader for field errors with their columns), so a batch reports exactly the same
// messages as a proposal file, at `path:line:col`.
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <ostream>
#include <thread>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "decide/cases.h"
#include "load/proposal_loader.h"
#include "load/yaml_doc.h"
#include "report/json_writer.h"
#include "report/report.h"

namespace accord {

namespace {

constexpr std::size_t kChunkLines = 4096;
constexpr std::size_t kChunkBytes = 1 << 20;
// Longest line accepted (a proposal is a few hundred bytes); longer ones are reported.
constexpr std::size_t kMaxLineBytes = kChunkBytes;
constexpr std::size_t kTooLong = SIZE_MAX;  // line length marker for such lines

struct Chunk {
  std::size_t seq = 0;
  std::string data;                                   // the lines, then simdjson padding
  std::vector<std::pair<std::size_t, std::size_t>> lines;  // offset, length
  std::vector<std::size_t> line_no;                   // 1-based line numbers in the file
  std::string out, errors;
  bool failed = false;
};

// Reads the input a chunk at a time, keeping a partial last line for the next chunk.
class LineReader {
 public:
  explicit LineReader(std::FILE* f) : f_(f) {}
  bool next(Chunk& c) {
    c.data.clear();
    c.lines.clear();
    c.line_no.clear();
    c.data.swap(carry_);
    std::size_t scan = 0;
    while (true) {
      // Cut complete lines out of what we have.
      std::size_t nl;
      while (c.lines.size() < kChunkLines && (nl = c.data.find('\n', scan)) != std::string::npos) {
        add_line(c, scan, nl);
        scan = nl + 1;
      }
      if (c.lines.empty() && c.data.size() - scan > kMaxLineBytes) {
        skip_long_line(c, scan);
        continue;
      }
      if (c.lines.size() >= kChunkLines || c.data.size() >= kChunkBytes || eof_) break;
      char buf[1 << 16];
      const std::size_t n = std::fread(buf, 1, sizeof buf, f_);
      if (n == 0) {
        eof_ = true;
        if (scan < c.data.size()) add_line(c, scan, c.data.size()), scan = c.data.size();
        break;
      }
      c.data.append(buf, n);
    }
    carry_.assign(c.data, scan, std::string::npos);
    c.data.resize(scan);
    c.data.append(simdjson::SIMDJSON_PADDING, '\0');
    return !c.lines.empty() || !eof_;
  }

 private:
  // The line starting at `scan` has no newline within kMaxLineBytes: drop it up to its end,
  // record it as too long, and go on after it.
  void skip_long_line(Chunk& c, std::size_t scan) {
    c.data.resize(scan);
    char buf[1 << 16];
    while (!eof_) {
      const std::size_t n = std::fread(buf, 1, sizeof buf, f_);
      if (n == 0) { eof_ = true; break; }
      if (const char* nl = static_cast<const char*>(std::memchr(buf, '\n', n))) {
        c.data.append(nl + 1, static_cast<std::size_t>(buf + n - (nl + 1)));
        break;
      }
    }
    ++line_;
    c.lines.emplace_back(scan, kTooLong);
    c.line_no.push_back(line_);
  }
  void add_line(Chunk& c, std::size_t b, std::size_t e) {
    ++line_;
    std::size_t len = e - b;
    if (len && c.data[b + len - 1] == '\r') --len;
    c.lines.emplace_back(b, len);
    c.line_no.push_back(line_);
  }
  std::FILE* f_;
  std::string carry_;
  std::size_t line_ = 0;
  bool eof_ = false;
};

class Worker {
 public:
  Worker(const Engine& e, const CheckOptions& o, const DecideOptions& opts, std::optional<Date> as_of,
         const std::string& path)
      : engine_(e), o_(o), builder_(e.tables()), as_of_(as_of), path_(path), today_(today_utc()), opts_(opts) {}

  void process(Chunk& c) {
    c.out.clear();
    c.errors.clear();
    c.failed = false;
    for (std::size_t i = 0; i < c.lines.size(); ++i) {
      const auto [off, len] = c.lines[i];
      if (len == kTooLong) {
        c.failed = true;
        too_long(c.line_no[i], c);
        continue;
      }
      const std::string_view line(c.data.data() + off, len);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank lines
      if (fast(c.data.data() + off, len)) {
        if (as_of_) p_.date = *as_of_, p_.scalars[kDateSlot] = *as_of_;
        if (const std::string e = decide_answer(engine_, p_, opts_, a_); !e.empty()) {
          c.failed = true;
          error_line(c.line_no[i], e, c);
          continue;
        }
        render_json(engine_, p_, a_, o_.explain, c.out);
        c.out += '\n';
      } else {
        c.failed = true;
        slow(line, c.line_no[i], c);
      }
    }
  }

 private:
  // Fills p_ from one JSON object; false on any problem (the slow path then explains it).
  bool fast(const char* text, std::size_t len) {
    using namespace simdjson;
    builder_.reset(p_);
    dom::element doc;
    if (parser_.parse(text, len, false).get(doc)) return false;
    dom::object obj;
    if (doc.get_object().get(obj)) return false;
    // Duplicate keys: the slow path reports them (as a proposal file would). Fields are
    // caught by their `present` bit, positions by a set of parties already stated.
    bool seen_id = false, seen_title = false, seen_positions = false;
    for (auto [key, v] : obj) {
      int fi = -1;  // the field's index, looked up once per key
      if (key == "id" || key == "title" || key == "positions") {
        bool& seen = key == "id" ? seen_id : key == "title" ? seen_title : seen_positions;
        if (seen) return false;
        seen = true;
      } else if (fi = builder_.field_index(key); fi < 0 || (p_.present >> fi & 1)) {
        return false;  // unknown field, or given twice
      }
      if (key == "positions") {
        dom::object pos;
        if (v.get_object().get(pos)) return false;
        Bits stated;
        for (auto [party, stance] : pos) {
          const SymId id = builder_.party_id(party);
          if (id != kNone && stated.test(id)) return false;
          stated.set(id);
          std::string_view s;
          if (stance.get_string().get(s) || !builder_.set_position(p_, party, s).empty()) return false;
        }
        continue;
      }
      std::string_view s;
      char num[32];
      switch (v.type()) {
        case dom::element_type::ARRAY:
          builder_.mark_present(p_, key);
          for (auto item : dom::array(v)) {
            if (item.get_string().get(s) || !builder_.add_to_set(p_, key, s).empty()) return false;
          }
          continue;
        case dom::element_type::STRING: s = std::string_view(v); break;
        case dom::element_type::BOOL: s = bool(v) ? "true" : "false"; break;
        case dom::element_type::INT64: {
          const auto n = std::snprintf(num, sizeof num, "%lld", static_cast<long long>(std::int64_t(v)));
          s = std::string_view(num, static_cast<std::size_t>(n));
          break;
        }
        case dom::element_type::NULL_VALUE:
          if (!builder_.unset(p_, key).empty()) return false;
          continue;
        default: return false;
      }
      if (!(fi >= 0 ? builder_.set(p_, fi, s) : builder_.set(p_, key, s)).empty()) return false;
    }
    return apply_positions(p_) && builder_.finish(p_, today_).empty();
  }

  // --position flags apply on top of every line (validated once by cmd_batch).
  bool apply_positions(Proposal& p) const {
    for (const auto& s : o_.positions) {
      const auto eq = s.find('=');
      if (!builder_.set_position(p, s.substr(0, eq), s.substr(eq + 1)).empty()) return false;
    }
    return true;
  }

  void too_long(std::size_t line_no, Chunk& c) {
    error_line(line_no, "line is longer than the limit of " + std::to_string(kMaxLineBytes >> 20) + " MiB", c);
  }

  // An error that belongs to the whole line (no column).
  void error_line(std::size_t line_no, const std::string& msg, Chunk& c) {
    Diagnostic d;
    d.pos = {path_, static_cast<int>(line_no), 0};
    d.message = msg;
    c.errors += format_diagnostic(d);
    JsonWriter w(c.out);
    w.begin_object().key("line").value(static_cast<std::int64_t>(line_no)).key("error").value(msg).end_object();
    c.out += '\n';
  }

  // Explains why a line failed, positioned at its line and column.
  void slow(std::string_view line, std::size_t line_no, Chunk& c) {
    Diagnostics d;
    auto src = std::make_shared<const SourceFile>(path_, std::string(line));
    try {
      [[maybe_unused]] auto parsed = nlohmann::json::parse(line);
      if (auto root = parse_yaml(src, d)) {
        Proposal p;
        builder_.reset(p);
        if (apply_proposal_fields(src, *root, builder_, p, d)) finish_proposal(src, *root, builder_, today_, p, d);
      }
    } catch (const nlohmann::json::parse_error& e) {
      std::string msg = e.what();
      if (auto k = msg.find(": syntax error"); k != std::string::npos) msg = msg.substr(k + 2);
      // nlohmann reports the last byte of the offending token; point at its first instead.
      std::size_t at = e.byte > 0 ? std::min<std::size_t>(e.byte - 1, line.size()) : 0;
      if (at < line.size() && at > 0 && line[at] == '"') {
        std::size_t b = at - 1;
        while (b > 0 && !(line[b] == '"' && line[b - 1] != '\\')) --b;
        if (line[b] == '"') at = b;
      } else {
        auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+'; };
        while (at > 0 && at < line.size() && word(line[at]) && word(line[at - 1])) --at;
      }
      d.error_at(*src, at, "malformed JSON: " + msg);
    }
    if (!d.has_errors()) d.error_at(*src, 0, "this line is not a valid proposal");
    std::string first_message;
    for (Diagnostic diag : d.items()) {
      diag.pos.line = static_cast<int>(line_no);
      if (first_message.empty()) first_message = diag.message;
      c.errors += format_diagnostic(diag);
    }
    JsonWriter w(c.out);
    w.begin_object().key("line").value(static_cast<std::int64_t>(line_no)).key("error").value(first_message).end_object();
    c.out += '\n';
  }

  const Engine& engine_;
  const CheckOptions& o_;
  ProposalBuilder builder_;
  std::optional<Date> as_of_;
  std::string path_;
  Date today_;
  const DecideOptions& opts_;
  simdjson::dom::parser parser_;
  Proposal p_;
  Answer a_;
};

}  // namespace

int cmd_batch(const Engine& engine, const CheckOptions& o, std::ostream& out, std::ostream& err) {
  std::optional<Date> as_of;
  if (!o.as_of.empty()) as_of = parse_date(o.as_of);
  DecideOptions opts;
  if (!parse_readings(engine, o.readings, opts, err)) return kExitInput;
  {
    // Check the --position flags once, so a bad one is one error, not one per line.
    const ProposalBuilder b(engine.tables());
    Proposal scratch;
    b.reset(scratch);
    for (const auto& s : o.positions) {
      const auto eq = s.find('=');
      if (const std::string e = b.set_position(scratch, s.substr(0, eq), s.substr(eq + 1)); !e.empty()) {
        err << "accord: error: --position " << s << ": " << e << "\n";
        return kExitInput;
      }
    }
  }
  std::FILE* f = o.batch == "-" ? stdin : std::fopen(o.batch.c_str(), "rb");
  if (!f) {
    err << o.batch << ": error: cannot open the batch file\n";
    return kExitInput;
  }
  const std::string path = o.batch == "-" ? "<stdin>" : o.batch;
  LineReader reader(f);
  bool failed = false;
  auto emit = [&](const Chunk& c) {
    out.write(c.out.data(), static_cast<std::streamsize>(c.out.size()));
    err << c.errors;
    failed = failed || c.failed;
  };

  if (o.threads <= 1) {
    Worker w(engine, o, opts, as_of, path);
    Chunk c;
    while (reader.next(c)) {
      w.process(c);
      emit(c);
    }
  } else {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::unique_ptr<Chunk>> todo;
    std::map<std::size_t, std::unique_ptr<Chunk>> done;
    bool closing = false;
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < o.threads; ++t)
      threads.emplace_back([&] {
        Worker w(engine, o, opts, as_of, path);
        while (true) {
          std::unique_ptr<Chunk> c;
          {
            std::unique_lock lock(mu);
            cv.wait(lock, [&] { return closing || !todo.empty(); });
            if (todo.empty()) return;
            c = std::move(todo.front());
            todo.pop_front();
          }
          w.process(*c);
          std::lock_guard lock(mu);
          done.emplace(c->seq, std::move(c));
          cv.notify_all();
        }
      });
    const std::size_t max_in_flight = 2 * o.threads + 2;
    std::size_t next_read = 0, next_write = 0;
    std::vector<std::unique_ptr<Chunk>> spare;
    bool input_left = true;
    while (true) {
      std::unique_lock lock(mu);
      while (input_left && next_read - next_write < max_in_flight) {
        lock.unlock();
        std::unique_ptr<Chunk> c;
        if (!spare.empty()) c = std::move(spare.back()), spare.pop_back();
        else c = std::make_unique<Chunk>();
        input_left = reader.next(*c);
        lock.lock();
        if (!input_left && c->lines.empty()) break;
        c->seq = next_read++;
        todo.push_back(std::move(c));
        cv.notify_all();
      }
      if (next_write == next_read && !input_left) break;
      cv.wait(lock, [&] { return done.count(next_write) > 0; });
      auto c = std::move(done[next_write]);
      done.erase(next_write++);
      lock.unlock();
      emit(*c);
      spare.push_back(std::move(c));
    }
    {
      std::lock_guard lock(mu);
      closing = true;
    }
    cv.notify_all();
    for (auto& t : threads) t.join();
  }
  if (f != stdin) std::fclose(f);
  out.flush();
  return failed ? kExitInput : kExitOk;
}

}  // namespace accord
