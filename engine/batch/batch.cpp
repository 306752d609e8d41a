// The batch pipeline (batch/batch.h). Each line is read by a JsonProposalReader
// (load/json_proposal.h): simdjson on the fast path; a line that fails anywhere is explained
// with positions, so a batch reports exactly the same messages as a proposal file, at
// `path:line:col`.
#include "batch/batch.h"

#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <ostream>
#include <thread>

#include <cerrno>

#include "load/json_proposal.h"
#include "report/json_writer.h"
#include "report/report.h"

namespace accord::internal {

namespace {

// "1 MiB", "4096 bytes".
std::string limit_text(std::size_t bytes) {
  return bytes % (1 << 20) == 0 ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes) + " bytes";
}

class Worker {
 public:
  Worker(const Engine& e, const BatchOptions& o, const std::string& path)
      : engine_(e), o_(o), reader_(e.tables(), o.positions), path_(path), today_(today_utc()) {}

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
      if (reader_.read(c.data.data() + off, len, today_, p_)) {
        if (o_.as_of) p_.date = *o_.as_of, p_.scalars[kDateSlot] = *o_.as_of;
        if (const std::string e = decide_answer(engine_, p_, o_.decide, a_); !e.empty()) {
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
  void too_long(std::size_t line_no, Chunk& c) {
    error_line(line_no, "line is longer than the limit of " + limit_text(o_.limits.max_line), c);
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
    reader_.explain(std::make_shared<const SourceFile>(path_, std::string(line)), today_, d);
    d.set_line(static_cast<int>(line_no));  // the line's place in the input, not in its one-line file
    c.errors += d.str();
    JsonWriter w(c.out);
    w.begin_object().key("line").value(static_cast<std::int64_t>(line_no)).key("error").value(d.items().front().message).end_object();
    c.out += '\n';
  }

  const Engine& engine_;
  const BatchOptions& o_;
  JsonProposalReader reader_;
  std::string path_;
  Date today_;
  Proposal p_;
  Answer a_;
};

}  // namespace

BatchStatus run_batch(const Engine& engine, const BatchOptions& o, ByteSource& src, const std::string& path,
                      std::ostream& out, std::ostream& err) {
  LineReader reader(src, o.limits, JsonProposalReader::padding());
  bool failed = false, write_failed = false;
  auto emit = [&](const Chunk& c) {
    out.write(c.out.data(), static_cast<std::streamsize>(c.out.size()));
    err << c.errors;
    failed = failed || c.failed;
    // A full disk or a closed pipe: stop, rather than decide the rest for nobody.
    if (!out.flush()) write_failed = true;
  };

  if (o.threads <= 1) {
    Worker w(engine, o, path);
    Chunk c;
    while (!write_failed && reader.next(c)) {
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
        Worker w(engine, o, path);
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
      while (input_left && !write_failed && next_read - next_write < max_in_flight) {
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
  if (write_failed) return BatchStatus::WriteFailed;  // the caller reports the failed output
  if (src.error()) {
    err << path << ": error: cannot read: " << std::strerror(src.error()) << "\n";
    return BatchStatus::ReadFailed;
  }
  return failed ? BatchStatus::LinesFailed : BatchStatus::Ok;
}

}  // namespace accord::internal
