// The batch pipeline (batch/batch.h). Each line is read by a JsonProposalReader
// (load/json_proposal.h): simdjson on the fast path; a line that fails anywhere is explained
// with positions, so a batch reports exactly the same messages as a proposal file, at
// `path:line:col`.
#include "batch/batch.h"

#include <condition_variable>
#include <cstdio>
#include <cstring>
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
    error_json(line_no, msg, c);
  }

  // Explains why a line failed, positioned at its line and column.
  void slow(std::string_view line, std::size_t line_no, Chunk& c) {
    Diagnostics d;
    reader_.explain(std::make_shared<const SourceFile>(path_, std::string(line)), today_, d);
    d.set_line(static_cast<int>(line_no));  // the line's place in the input, not in its one-line file
    c.errors += d.str();
    error_json(line_no, d.items().front().message, c);
  }

  // The output line of a line that failed: {"line":N,"error":"..."}.
  static void error_json(std::size_t line_no, std::string_view msg, Chunk& c) {
    JsonWriter w(c.out);
    w.begin_object().key("line").value(static_cast<std::int64_t>(line_no)).key("error").value(msg).end_object();
    w.finish();
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
  // Writes one chunk; false when `out` failed (a full disk, a closed pipe): then the rest is
  // not decided, for nobody.
  auto emit = [&](const Chunk& c) {
    out.write(c.out.data(), static_cast<std::streamsize>(c.out.size()));
    err << c.errors;
    failed = failed || c.failed;
    return static_cast<bool>(out.flush());
  };

  if (o.threads <= 1) {
    Worker w(engine, o, path);
    Chunk c;
    while (!write_failed && reader.next(c)) {
      w.process(c);
      write_failed = !emit(c);
    }
  } else {
    // Every thread reads, decides and writes: it takes the next chunk from the reader, decides
    // it, and then writes whatever finished chunks come next in input order (so the thread
    // that finishes chunk k-1 also writes k when k is done). No thread only waits on I/O, so N
    // threads keep N CPUs busy. At most max_in_flight chunks are read ahead of the next one to
    // write, so memory stays flat.
    std::mutex read_mu;  // the reader, input_left; taken before `mu` when both are held
    std::mutex mu;       // everything else
    std::condition_variable room;  // a chunk was written, or writing failed
    std::map<std::size_t, std::unique_ptr<Chunk>> done;
    std::vector<std::unique_ptr<Chunk>> spare;
    std::size_t next_read = 0, next_write = 0;
    bool input_left = true, writing = false;
    const std::size_t max_in_flight = o.threads + 1;
    auto work = [&] {
      Worker w(engine, o, path);
      while (true) {
        std::unique_ptr<Chunk> c;
        std::size_t seq = 0;
        {
          const std::lock_guard read_lock(read_mu);
          if (!input_left) return;
          {
            std::unique_lock lock(mu);
            room.wait(lock, [&] { return write_failed || next_read - next_write < max_in_flight; });
            if (write_failed) return;
            if (!spare.empty()) c = std::move(spare.back()), spare.pop_back();
            else c = std::make_unique<Chunk>();
          }
          input_left = reader.next(*c);
          if (!input_left && c->lines.empty()) return;
          const std::lock_guard lock(mu);
          seq = next_read++;
        }
        w.process(*c);
        std::unique_lock lock(mu);
        done.emplace(seq, std::move(c));
        if (writing) continue;  // the thread writing will come to it
        writing = true;
        for (auto it = done.find(next_write); !write_failed && it != done.end(); it = done.find(next_write)) {
          std::unique_ptr<Chunk> next = std::move(it->second);
          done.erase(it);
          lock.unlock();
          const bool wrote = emit(*next);
          lock.lock();
          if (!wrote) write_failed = true;
          spare.push_back(std::move(next));
          ++next_write;
          room.notify_all();
        }
        writing = false;
      }
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < o.threads; ++t) helpers.emplace_back(work);
    work();
    for (auto& t : helpers) t.join();
  }
  if (write_failed) return BatchStatus::WriteFailed;  // the caller reports the failed output
  if (src.error()) {
    err << path << ": error: cannot read: " << std::strerror(src.error()) << "\n";
    return BatchStatus::ReadFailed;
  }
  return failed ? BatchStatus::LinesFailed : BatchStatus::Ok;
}

}  // namespace accord::internal
