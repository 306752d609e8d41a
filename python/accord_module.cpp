// The Python module `accord` (docs/python.md), on the public C++ API alone (<accord/accord.h>):
//
//   import accord
//   engine = accord.load("rules")
//   engine.decide({"action": "basing", "actor": "USA", "host": "KGZ", "date": "2026-03-01"})
//
// A proposal is a dict. It is written as one line of JSON, which decide() gives the engine as a
// proposal file (Engine::parse_proposal) and decide_many() as a line of a batch
// (Engine::decide_lines): a dict means what the same JSON means in a file or a batch, and its
// mistakes get the same messages. Decisions come back as dicts equal to json.loads() of the
// JSON the `accord` command writes; they are built here from that JSON directly, sharing
// repeated strings (party codes, clause texts) between the decisions of one call.
// decide_many() goes through the batch path in chunks: while the engine decides one chunk in a
// thread of its own, without the GIL, this thread writes the next chunk's JSON and turns the
// previous chunk's decisions into dicts.
#include <Python.h>
#include <datetime.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <future>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pybind11/eval.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <accord/accord.h>

namespace py = pybind11;

namespace {

// ---- errors ----------------------------------------------------------------------------------

// The exception classes, created at import (module-lifetime references).
PyObject* g_rules_error = nullptr;
PyObject* g_proposal_error = nullptr;

const char* severity_name(accord::Diagnostic::Severity s) {
  switch (s) {
    case accord::Diagnostic::Severity::Error: return "error";
    case accord::Diagnostic::Severity::Warning: return "warning";
    case accord::Diagnostic::Severity::Note: return "note";
  }
  return "error";
}

py::dict diagnostic_dict(const accord::Diagnostic& d) {
  py::dict out;
  out["severity"] = severity_name(d.severity);
  out["file"] = d.file;
  out["line"] = d.line;
  out["column"] = d.column;
  out["message"] = d.message;
  return out;
}

py::list diagnostic_list(const std::vector<accord::Diagnostic>& ds) {
  py::list out;
  for (const accord::Diagnostic& d : ds) out.append(diagnostic_dict(d));
  return out;
}

[[noreturn]] void raise(PyObject* type, const std::string& message, py::list diagnostics) {
  py::object exc = py::reinterpret_borrow<py::object>(type)(message, diagnostics);
  PyErr_SetObject(type, exc.ptr());
  throw py::error_already_set();
}

std::string chomp(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// A proposal's problems: its error messages, one a line. They are positioned in the JSON
// written from the dict, which the caller never sees: the positions are dropped.
[[noreturn]] void raise_proposal_error(const accord::Status& s) {
  std::string message;
  std::vector<accord::Diagnostic> ds = s.diagnostics();
  for (accord::Diagnostic& d : ds) {
    d.file.clear();
    d.line = d.column = 0;
    if (d.severity == accord::Diagnostic::Severity::Error) message += (message.empty() ? "" : "\n") + d.message;
  }
  if (message.empty()) message = chomp(s.message());
  raise(g_proposal_error, message, diagnostic_list(ds));
}

[[noreturn]] void raise_proposal_error(const std::string& message) {
  accord::Diagnostic d;
  d.message = message;
  raise(g_proposal_error, message, diagnostic_list({d}));
}

// ---- Python values -> one line of JSON -----------------------------------------------------

std::string type_name(PyObject* o) { return Py_TYPE(o)->tp_name; }

std::string repr(PyObject* o) {
  py::object r = py::reinterpret_steal<py::object>(PyObject_Repr(o));
  if (!r) {
    PyErr_Clear();
    return "<" + type_name(o) + ">";
  }
  Py_ssize_t n = 0;
  const char* s = PyUnicode_AsUTF8AndSize(r.ptr(), &n);
  if (!s) {
    PyErr_Clear();
    return "<" + type_name(o) + ">";
  }
  std::string out(s, static_cast<std::size_t>(n));
  if (out.size() > 60) {  // shortened, not inside a UTF-8 sequence
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "...";
  }
  return out;
}

void write_string(std::string& out, std::string_view s) {
  static const char* const hex = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += "\\u00"; out += hex[c >> 4]; out += hex[c & 15];
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

// A str's UTF-8 (false for a str with lone surrogates, which JSON text cannot carry).
bool utf8(PyObject* str, std::string_view& out) {
  Py_ssize_t n = 0;
  const char* s = PyUnicode_AsUTF8AndSize(str, &n);
  if (!s) {
    PyErr_Clear();
    return false;
  }
  out = std::string_view(s, static_cast<std::size_t>(n));
  return true;
}

// "int 5", "object <object object at 0x...>": a value in a message.
std::string describe(PyObject* o) { return type_name(o) + " " + repr(o); }

// A missing value: None, or what pandas puts in an empty cell (NaN, NaT).
bool is_missing(PyObject* o) {
  if (o == Py_None) return true;
  if (PyFloat_Check(o)) return std::isnan(PyFloat_AS_DOUBLE(o));
  if (PyDate_Check(o)) {  // pandas.NaT is a datetime that is not equal to itself
    const int ne = PyObject_RichCompareBool(o, o, Py_NE);
    if (ne < 0) PyErr_Clear();
    return ne == 1;
  }
  return false;
}

bool is_numpy_bool(PyObject* o) {
  const std::string_view name = Py_TYPE(o)->tp_name;
  return name == "numpy.bool_" || name == "numpy.bool";
}

// Appends `o` as JSON. On a value JSON (or a proposal) cannot hold, returns false and says why
// in `why`; `out` is then to be discarded.
bool write_json(std::string& out, PyObject* o, std::string& why, int depth = 0) {
  if (depth > 8) {
    why = "values nest too deeply";
    return false;
  }
  if (o == Py_None) {
    out += "null";
  } else if (PyBool_Check(o) || is_numpy_bool(o)) {
    const int truth = PyObject_IsTrue(o);
    if (truth < 0) throw py::error_already_set();
    out += truth ? "true" : "false";
  } else if (PyUnicode_Check(o)) {
    std::string_view s;
    if (!utf8(o, s)) {
      why = "the text " + repr(o) + " is not valid Unicode";
      return false;
    }
    write_string(out, s);
  } else if (PyLong_Check(o) || (!PyFloat_Check(o) && PyIndex_Check(o))) {
    py::object n = py::reinterpret_steal<py::object>(PyNumber_Index(o));
    if (!n) throw py::error_already_set();
    py::object text = py::reinterpret_steal<py::object>(PyObject_Str(n.ptr()));
    std::string_view s;
    if (!text || !utf8(text.ptr(), s)) throw py::error_already_set();
    out += s;
  } else if (PyFloat_Check(o)) {
    // A whole number in a float column (pandas makes an integer column with gaps float64)
    // is the integer; any other number is written as it is and the engine says what it thinks.
    const double x = PyFloat_AS_DOUBLE(o);
    if (!std::isfinite(x)) {
      why = "the number " + repr(o) + " is not a value a proposal can hold";
      return false;
    }
    char buf[32];
    if (x == std::trunc(x) && std::fabs(x) < 9.0e15) {
      const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(x));
      out.append(buf, r.ptr);
    } else {
      char* s = PyOS_double_to_string(x, 'r', 0, 0, nullptr);
      if (!s) throw py::error_already_set();
      out += s;
      PyMem_Free(s);
    }
  } else if (PyDate_Check(o)) {  // date, datetime (its day), pandas.Timestamp
    if (is_missing(o)) {
      out += "null";
      return true;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o), PyDateTime_GET_DAY(o));
    write_string(out, buf);
  } else if (PyDict_Check(o) || (PyMapping_Check(o) && !PySequence_Check(o))) {
    py::object items = py::reinterpret_steal<py::object>(PyMapping_Items(o));
    if (!items) throw py::error_already_set();
    out += '{';
    bool first = true;
    for (py::handle item : items) {
      PyObject* key = PyTuple_GET_ITEM(item.ptr(), 0);
      std::string_view k;
      if (!PyUnicode_Check(key) || !utf8(key, k)) {
        why = "a key is a str, not " + describe(key);
        return false;
      }
      if (!first) out += ',';
      first = false;
      write_string(out, k);
      out += ':';
      if (!write_json(out, PyTuple_GET_ITEM(item.ptr(), 1), why, depth + 1)) return false;
    }
    out += '}';
  } else if (PyList_Check(o) || PyTuple_Check(o) || PyAnySet_Check(o)) {
    py::object items = py::reinterpret_steal<py::object>(PySequence_List(o));
    if (!items) throw py::error_already_set();
    out += '[';
    for (Py_ssize_t i = 0, n = PyList_GET_SIZE(items.ptr()); i < n; ++i) {
      if (i) out += ',';
      if (!write_json(out, PyList_GET_ITEM(items.ptr(), i), why, depth + 1)) return false;
    }
    out += ']';
  } else {
    why = describe(o) + " is not a value a proposal takes: give a str, bool, int, date, list of str or dict";
    return false;
  }
  return true;
}

// Writes one proposal (a mapping of field -> value) as one line of JSON, without the newline.
// Fields whose value is missing (None, NaN, NaT) are left out. Returns the problem, or "".
class ProposalWriter {
 public:
  std::string write(std::string& out, PyObject* row) {
    const std::size_t start = out.size();
    std::string why = write_row(out, row);
    if (!why.empty()) out.resize(start);
    return why;
  }

  // Row i of a table given as columns: field names[j] is columns[j][i].
  std::string write(std::string& out, const std::vector<PyObject*>& names, const std::vector<PyObject*>& columns,
                    Py_ssize_t i) {
    const std::size_t start = out.size();
    std::string why;
    out += '{';
    bool first = true;
    for (std::size_t j = 0; j < names.size() && why.empty(); ++j) why = field(out, names[j], PyList_GET_ITEM(columns[j], i), first);
    out += '}';
    if (!why.empty()) out.resize(start);
    return why;
  }

 private:
  std::string write_row(std::string& out, PyObject* row) {
    std::string why;
    out += '{';
    bool first = true;
    if (PyDict_Check(row)) {
      Py_ssize_t pos = 0;
      PyObject *key, *value;
      while (why.empty() && PyDict_Next(row, &pos, &key, &value)) {
        // Held while written: a value's __repr__ or __ne__ could change the dict.
        const py::object k = py::reinterpret_borrow<py::object>(key), v = py::reinterpret_borrow<py::object>(value);
        why = field(out, k.ptr(), v.ptr(), first);
      }
    } else if (PyMapping_Check(row) && !PySequence_Check(row)) {
      py::object items = py::reinterpret_steal<py::object>(PyMapping_Items(row));
      if (!items) throw py::error_already_set();
      for (py::handle item : items) {
        why = field(out, PyTuple_GET_ITEM(item.ptr(), 0), PyTuple_GET_ITEM(item.ptr(), 1), first);
        if (!why.empty()) break;
      }
    } else {
      return "a proposal is a dict of field -> value, not " + describe(row);
    }
    out += '}';
    return why;
  }

  std::string field(std::string& out, PyObject* key, PyObject* value, bool& first) {
    std::string_view k;
    if (!PyUnicode_Check(key) || !utf8(key, k)) return "a field name is a str, not " + describe(key);
    if (is_missing(value)) return {};
    if (!first) out += ',';
    first = false;
    write_string(out, k);
    out += ':';
    std::string why;
    if (!write_json(out, value, why)) return "field '" + std::string(k) + "': " + why;
    return {};
  }
};

// ---- JSON -> Python values -------------------------------------------------------------------

// Reads the JSON the engine writes (any valid JSON) into dicts, lists, str, int, float, bool and
// None, as json.loads() does. Strings are shared through a cache, bounded in size: thousands of
// decisions carry the same party codes, clause ids and clause texts.
class JsonReader {
 public:
  // `top`: the type of the outermost object (a dict subclass: Decision), or null for dict.
  py::object read(std::string_view text, PyObject* top = nullptr) {
    p_ = text.data();
    end_ = text.data() + text.size();
    top_ = top;
    py::object v = value(true);
    ws();
    if (p_ != end_) fail("text after the value");
    return v;
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  static constexpr std::size_t kCacheLimit = 1 << 18;

  [[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string("accord: cannot read the engine's JSON: ") + what);
  }
  void ws() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  static PyObject* empty_tuple() {
    static PyObject* const empty = PyTuple_New(0);
    return empty;
  }
  static py::object steal(PyObject* o) {
    if (!o) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(o);
  }

  // `cache`: false for the values that are one per decision (the proposal's id).
  py::object value(bool cache) {
    ws();
    if (p_ == end_) fail("unexpected end");
    switch (*p_) {
      case '{': return object();
      case '[': return array();
      case '"': return string(cache);
      case 't': return literal("true", Py_True);
      case 'f': return literal("false", Py_False);
      case 'n': return literal("null", Py_None);
      default: return number();
    }
  }

  py::object literal(std::string_view word, PyObject* v) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) fail("bad literal");
    p_ += word.size();
    return py::reinterpret_borrow<py::object>(v);
  }

  py::object object() {
    ++p_;
    py::object d = steal(top_ ? reinterpret_cast<PyTypeObject*>(top_)->tp_new(reinterpret_cast<PyTypeObject*>(top_), empty_tuple(), nullptr)
                              : PyDict_New());
    top_ = nullptr;
    ws();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return d;
    }
    for (;;) {
      ws();
      if (p_ == end_ || *p_ != '"') fail("expected a key");
      py::object k = string(true);
      ws();
      if (p_ == end_ || *p_ != ':') fail("expected ':'");
      ++p_;
      const bool unique = PyUnicode_GET_LENGTH(k.ptr()) == 8 && PyUnicode_CompareWithASCIIString(k.ptr(), "proposal") == 0;
      py::object v = value(!unique);
      if (PyDict_SetItem(d.ptr(), k.ptr(), v.ptr()) < 0) throw py::error_already_set();
      ws();
      if (p_ != end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      if (p_ != end_ && *p_ == '}') {
        ++p_;
        return d;
      }
      fail("expected ',' or '}'");
    }
  }

  py::object array() {
    ++p_;
    std::vector<py::object> items;
    ws();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
    } else {
      for (;;) {
        items.push_back(value(true));
        ws();
        if (p_ != end_ && *p_ == ',') {
          ++p_;
          continue;
        }
        if (p_ != end_ && *p_ == ']') {
          ++p_;
          break;
        }
        fail("expected ',' or ']'");
      }
    }
    py::object list = steal(PyList_New(static_cast<Py_ssize_t>(items.size())));
    for (std::size_t i = 0; i < items.size(); ++i) PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), items[i].release().ptr());
    return list;
  }

  static void put_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | cp >> 6);
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {  // a lone surrogate too, as "surrogatepass" decodes it
      out += static_cast<char>(0xE0 | cp >> 12);
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | cp >> 18);
      out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::uint32_t hex4() {
    if (end_ - p_ < 4) fail("bad \\u escape");
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i, ++p_) {
      const char c = *p_;
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else fail("bad \\u escape");
    }
    return v;
  }

  py::object string(bool cache) {
    ++p_;
    const char* start = p_;
    const auto* quote = static_cast<const char*>(std::memchr(p_, '"', static_cast<std::size_t>(end_ - p_)));
    if (!quote) fail("unterminated string");
    const auto* escape = static_cast<const char*>(std::memchr(p_, '\\', static_cast<std::size_t>(quote - p_)));
    p_ = escape ? escape : quote;
    std::string_view text(start, static_cast<std::size_t>(p_ - start));
    bool surrogates = false;
    if (*p_ == '\\') {
      buf_.assign(start, static_cast<std::size_t>(p_ - start));
      while (p_ != end_ && *p_ != '"') {
        if (*p_ != '\\') {
          buf_ += *p_++;
          continue;
        }
        if (++p_ == end_) fail("unterminated string");
        switch (*p_++) {
          case '"': buf_ += '"'; break;
          case '\\': buf_ += '\\'; break;
          case '/': buf_ += '/'; break;
          case 'b': buf_ += '\b'; break;
          case 'f': buf_ += '\f'; break;
          case 'n': buf_ += '\n'; break;
          case 'r': buf_ += '\r'; break;
          case 't': buf_ += '\t'; break;
          case 'u': {
            std::uint32_t cp = hex4();
            if (cp >= 0xD800 && cp < 0xDC00 && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
              const char* back = p_;
              p_ += 2;
              const std::uint32_t low = hex4();
              if (low >= 0xDC00 && low < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              else p_ = back;  // not a pair: the first stays a lone surrogate, as in json.loads
            }
            surrogates |= cp >= 0xD800 && cp < 0xE000;
            put_utf8(buf_, cp);
            break;
          }
          default: fail("bad escape");
        }
      }
      if (p_ == end_) fail("unterminated string");
      text = buf_;
    }
    ++p_;  // the closing quote
    if (surrogates) return steal(PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "surrogatepass"));
    if (!cache) return steal(PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "strict"));
    if (auto it = strings_.find(text); it != strings_.end()) return it->second;
    py::object s = steal(PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "strict"));
    if (strings_.size() < kCacheLimit) strings_.emplace(std::string(text), s);
    return s;
  }

  py::object number() {
    const char* start = p_;
    bool integer = true;
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') fail("unexpected character");
    while (p_ != end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '.' || *p_ == 'e' || *p_ == 'E' || *p_ == '+' || *p_ == '-')) {
      if (*p_ == '.' || *p_ == 'e' || *p_ == 'E') integer = false;
      ++p_;
    }
    if (integer) {
      long long n = 0;
      const auto r = std::from_chars(start, p_, n);
      if (r.ec == std::errc() && r.ptr == p_) return steal(PyLong_FromLongLong(n));
      const std::string digits(start, p_);  // beyond 64 bits: Python's int takes any size
      return steal(PyLong_FromString(digits.c_str(), nullptr, 10));
    }
    double x = 0;
    const auto r = std::from_chars(start, p_, x);
    if (r.ec != std::errc() || r.ptr != p_) {
      const std::string digits(start, p_);  // out of double range: float() says inf, as json.loads
      return steal(PyFloat_FromString(py::str(digits).ptr()));
    }
    return steal(PyFloat_FromDouble(x));
  }

  const char* p_ = nullptr;
  const char* end_ = nullptr;
  PyObject* top_ = nullptr;
  std::string buf_;
  std::unordered_map<std::string, py::object, Hash, std::equal_to<>> strings_;
};

PyObject* g_decision_type = nullptr;  // accord.Decision

py::object json_to_python(const std::string& text, PyObject* top = nullptr) { return JsonReader().read(text, top); }

// ---- proposals and options -------------------------------------------------------------------

std::string path_string(py::handle h) {
  py::object p = py::reinterpret_steal<py::object>(PyOS_FSPath(h.ptr()));
  if (!p) throw py::error_already_set();
  if (PyBytes_Check(p.ptr())) return std::string(PyBytes_AS_STRING(p.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(p.ptr())));
  return p.cast<std::string>();
}

// `positions` (party -> stance) merged into the proposal's own "positions", given last.
py::object with_positions(py::handle proposal, py::handle positions) {
  if (!PyDict_Check(proposal.ptr()) && !(PyMapping_Check(proposal.ptr()) && !PySequence_Check(proposal.ptr())))
    throw py::type_error("a proposal is a dict of field -> value, not " + describe(proposal.ptr()));
  if (positions.is_none()) return py::reinterpret_borrow<py::object>(proposal);
  if (!PyMapping_Check(positions.ptr()) || PySequence_Check(positions.ptr()))
    throw py::type_error("positions is a dict of party -> 'consent', 'object' or 'abstain', not " + describe(positions.ptr()));
  py::dict p;
  for (py::handle item : py::reinterpret_steal<py::object>(PyMapping_Items(proposal.ptr()))) p[item[py::int_(0)]] = item[py::int_(1)];
  py::dict merged;
  if (p.contains("positions") && !p["positions"].is_none()) {
    py::object own = p["positions"];
    if (!PyMapping_Check(own.ptr()) || PySequence_Check(own.ptr()))
      raise_proposal_error("field 'positions': a dict of party -> 'consent', 'object' or 'abstain', not " + describe(own.ptr()));
    if (PyDict_Merge(merged.ptr(), own.ptr(), 1) < 0) throw py::error_already_set();  // a copy: the caller's stays
  }
  for (py::handle item : py::reinterpret_steal<py::object>(PyMapping_Items(positions.ptr()))) merged[item[py::int_(0)]] = item[py::int_(1)];
  p["positions"] = merged;
  return p;
}

accord::DecideOptions decide_options(py::handle readings) {
  accord::DecideOptions o;
  if (readings.is_none()) return o;
  if (!PyMapping_Check(readings.ptr()) || PySequence_Check(readings.ptr()))
    throw py::type_error("readings is a dict of clause id -> reading name, not " + describe(readings.ptr()));
  for (py::handle item : py::reinterpret_steal<py::object>(PyMapping_Items(readings.ptr())))
    o.readings.emplace_back(py::str(item[py::int_(0)]).cast<std::string>(), py::str(item[py::int_(1)]).cast<std::string>());
  return o;
}

accord::Proposal make_proposal(const accord::Engine& e, py::handle proposal, py::handle positions) {
  py::object p = with_positions(proposal, positions);
  std::string json;
  if (std::string why = ProposalWriter().write(json, p.ptr()); !why.empty()) raise_proposal_error(why);
  auto r = e.parse_proposal(json, "proposal");
  if (!r) raise_proposal_error(r.status());
  return std::move(r).value();
}

accord::Decision make_decision(const accord::Engine& e, py::handle proposal, py::handle positions, py::handle readings) {
  const accord::Proposal p = make_proposal(e, proposal, positions);
  auto d = e.decide(p, decide_options(readings));
  if (!d) raise_proposal_error(d.status());
  return std::move(d).value();
}

// ---- the batch path ----------------------------------------------------------------------

// decide_many(): rows in, a list of decision dicts out, through Engine::decide_lines in chunks.
class Batch {
 public:
  Batch(const accord::Engine& e, unsigned threads, accord::DecideOptions options)
      : engine_(e), threads_(threads), options_(std::move(options)) {}

  py::list run(py::handle proposals) {
    // Millions of objects are made here (a DataFrame's columns as lists, the decisions), none
    // in a reference cycle: the cyclic garbage collector, which would walk them again and
    // again as they accumulate (a quarter of the time, more with a large heap), pauses until
    // the call returns (a generator of rows runs with it paused too).
    struct PauseGC {
      int was_enabled = PyGC_Disable();
      ~PauseGC() {
        if (was_enabled) PyGC_Enable();
      }
    } pause_gc;
    // Options first, so that a bad reading is one error, not one per row.
    std::string none;
    if (const accord::BatchResult r = engine_.decide_lines({}, none, 1, options_); r.errors) {
      accord::Diagnostic d;
      d.message = chomp(r.diagnostics);
      if (d.message.rfind("error: ", 0) == 0) d.message.erase(0, 7);
      raise(g_proposal_error, d.message, diagnostic_list({d}));
    }
    if (PyDict_Check(proposals.ptr()))
      throw py::type_error("decide_many() takes a list (or iterable) of proposal dicts, or a DataFrame; for one proposal, use decide()");
    if (PyUnicode_Check(proposals.ptr()) || PyBytes_Check(proposals.ptr()))
      throw py::type_error("decide_many() takes a list (or iterable) of proposal dicts, or a DataFrame, not " + describe(proposals.ptr()));
    if (py::hasattr(proposals, "columns") && (py::hasattr(proposals, "items") || py::hasattr(proposals, "to_dict")))
      return frame(proposals);
    return rows(proposals);
  }

 private:
  // Rows per call of decide_lines: enough to keep its threads busy, and small enough that the
  // chunks' text (~1 KB a decision) is reused memory, not fresh pages each time.
  static constexpr std::size_t kChunk = 4096;

  struct Chunk {
    std::string in, out;
    std::size_t first = 0, rows = 0;                       // global index of its first row, its rows
    std::vector<std::pair<std::size_t, std::string>> bad;  // rows (in the chunk) not written, why
  };

  // A pandas DataFrame, read column by column: .items() gives (name, column) pairs and a
  // column's .tolist() its values as Python objects (three times faster than
  // .to_dict("list"), which boxes each value in Python code). Anything else with .columns
  // and .to_dict("list") is read through that.
  py::list frame(py::handle df) {
    py::object columns = py::hasattr(df, "items") ? df.attr("items")() : df.attr("to_dict")("list").attr("items")();
    std::vector<PyObject*> names, lists;
    std::vector<py::object> keep;
    Py_ssize_t n = -1;
    for (py::handle pair : columns) {
      py::object name = pair[py::int_(0)], column = pair[py::int_(1)];
      py::object list = py::hasattr(column, "tolist") ? column.attr("tolist")() : py::object(column);
      if (!PyList_Check(list.ptr())) list = py::reinterpret_steal<py::object>(PySequence_List(list.ptr()));
      if (!list) throw py::error_already_set();
      if (n >= 0 && PyList_GET_SIZE(list.ptr()) != n) throw py::value_error("the DataFrame's columns differ in length");
      n = PyList_GET_SIZE(list.ptr());
      names.push_back(name.ptr());
      lists.push_back(list.ptr());
      keep.push_back(std::move(name));
      keep.push_back(std::move(list));
    }
    if (n < 0) n = py::len(df);
    Py_ssize_t next = 0;
    return pipeline([&](Chunk& c) {
      for (; next < n && c.rows < kChunk; ++next, ++c.rows) {
        if (std::string why = writer_.write(c.in, names, lists, next); !why.empty()) c.bad.emplace_back(c.rows, std::move(why));
        c.in += '\n';
      }
    });
  }

  py::list rows(py::handle proposals) {
    py::object it = py::reinterpret_steal<py::object>(PyObject_GetIter(proposals.ptr()));
    if (!it) {
      PyErr_Clear();
      throw py::type_error("decide_many() takes a list (or iterable) of proposal dicts, or a DataFrame, not " + describe(proposals.ptr()));
    }
    return pipeline([&](Chunk& c) {
      while (c.rows < kChunk) {
        py::object row = py::reinterpret_steal<py::object>(PyIter_Next(it.ptr()));
        if (!row) {
          if (PyErr_Occurred()) throw py::error_already_set();
          return;
        }
        if (std::string why = writer_.write(c.in, row.ptr()); !why.empty()) c.bad.emplace_back(c.rows, std::move(why));
        c.in += '\n';
        c.rows++;
      }
    });
  }

  // fill(chunk) writes up to kChunk rows; a chunk left empty ends the input. The engine decides
  // chunk k in a thread without the GIL while this thread fills chunk k+1 and converts chunk k-1.
  template <class Fill>
  py::list pipeline(Fill fill) {
    py::list out;
    Chunk chunks[2];
    std::future<void> deciding;
    // However this function is left, the engine's thread is done before the chunks go.
    struct Join {
      std::future<void>& f;
      ~Join() {
        if (f.valid()) {
          py::gil_scoped_release nogil;
          f.wait();
        }
      }
    } join{deciding};
    auto start = [&](Chunk& c) {
      deciding = std::async(std::launch::async, [this, &c] { engine_.decide_lines(c.in, c.out, threads_, options_); });
    };
    std::size_t total = 0;
    int k = 0;
    fill(chunks[k]);
    if (chunks[k].rows == 0) return out;
    chunks[k].first = total;
    total += chunks[k].rows;
    start(chunks[k]);
    for (;;) {
      Chunk& next = chunks[1 - k];
      next.in.clear();
      next.out.clear();
      next.bad.clear();
      next.rows = 0;
      fill(next);
      next.first = total;
      total += next.rows;
      {
        py::gil_scoped_release nogil;
        deciding.get();
      }
      if (next.rows) start(next);
      convert(chunks[k], out);
      if (PyErr_CheckSignals() < 0) throw py::error_already_set();
      if (!next.rows) break;
      k = 1 - k;
    }
    return out;
  }

  // The chunk's decisions, in row order, with the rows that could not be written in place.
  void convert(Chunk& c, py::list& out) {
    std::size_t at = 0, bad = 0;
    for (std::size_t row = 0; row < c.rows; ++row) {
      const std::size_t line = c.first + row + 1;
      if (bad < c.bad.size() && c.bad[bad].first == row) {
        py::dict error;
        error["line"] = line;
        error["error"] = c.bad[bad++].second;
        out.append(std::move(error));
        continue;
      }
      const std::size_t end = c.out.find('\n', at);
      if (at >= c.out.size() || end == std::string::npos)
        throw std::runtime_error("accord: the engine answered fewer lines than it was given");
      const std::string_view text = std::string_view(c.out).substr(at, end - at);
      at = end + 1;
      if (text.rfind("{\"line\":", 0) == 0) {  // {"line": N, "error": ...}, N counted in the chunk
        py::object error = reader_.read(text);
        error[py::str("line")] = line;
        out.append(std::move(error));
      } else {
        out.append(reader_.read(text, g_decision_type));
      }
    }
    if (at != c.out.size()) throw std::runtime_error("accord: the engine answered more lines than it was given");
  }

  const accord::Engine& engine_;
  unsigned threads_;
  accord::DecideOptions options_;
  ProposalWriter writer_;
  JsonReader reader_;
};

// ---- the module ----------------------------------------------------------------------------

accord::Engine load(py::object rules) {
  std::vector<std::string> dirs;
  if (rules.is_none()) {
  } else if (PyUnicode_Check(rules.ptr()) || PyBytes_Check(rules.ptr()) || py::hasattr(rules, "__fspath__")) {
    dirs.push_back(path_string(rules));
  } else {
    for (py::handle dir : rules) dirs.push_back(path_string(dir));
    if (dirs.empty()) throw py::value_error("rules is an empty list: give a directory, a list of them, or None for the default");
  }
  accord::Result<accord::Engine> r = [&] {
    py::gil_scoped_release nogil;
    return accord::Engine::load(dirs);
  }();
  if (!r) raise(g_rules_error, chomp(r.status().message()), diagnostic_list(r.status().diagnostics()));
  return std::move(r).value();
}

// The classes the module defines in Python: its exceptions and the decision dict.
const char* const kPythonClasses = R"py(
class RulesError(ValueError):
    """The rules could not be loaded: a directory is missing or a file has errors.

    str(error) is the diagnostics as `accord lint` prints them ("path:line:col: error: ..."
    with the source line and a caret under the problem); error.diagnostics is the same as a
    list of dicts {"severity", "file", "line", "column", "message"} (line and column are
    1-based, 0 when the problem has no position).
    """

    def __init__(self, message, diagnostics=()):
        """RulesError(message, diagnostics=()): the message and the diagnostic dicts."""
        super().__init__(message)
        self.diagnostics = list(diagnostics)


class ProposalError(ValueError):
    """A proposal (or its positions or readings) is not valid for the loaded rules.

    str(error) is the problem, e.g. "unknown proposal field 'hots'; did you mean 'host'?"
    (several problems: one a line); error.diagnostics lists them as dicts {"severity",
    "file", "line", "column", "message"}.
    """

    def __init__(self, message, diagnostics=()):
        """ProposalError(message, diagnostics=()): the message and the diagnostic dicts."""
        super().__init__(message)
        self.diagnostics = list(diagnostics)


class Decision(dict):
    """A decision: the dict json.loads() makes of `accord check --format json`.

    It is a dict (equal to that of json.loads) with one more name: d["verdict"] and
    d.verdict are d["decision"] ("permitted", "needs_consent", "vetoed" or "prohibited"),
    as the C++ API names it. "verdict" is not a key: it is not in list(d) or json.dumps(d).
    """

    __slots__ = ()

    def __missing__(self, key):
        """d["verdict"] is d["decision"]; any other missing key raises KeyError."""
        if key == "verdict" and "decision" in self:
            return self["decision"]
        raise KeyError(key)

    def get(self, key, default=None):
        """d.get(key, default=None), as for a dict; d.get("verdict") is d["decision"]."""
        if key == "verdict" and "decision" in self:
            return self["decision"]
        return dict.get(self, key, default)

    @property
    def verdict(self):
        """The verdict: "permitted", "needs_consent", "vetoed" or "prohibited"."""
        return self["decision"]
)py";

}  // namespace

PYBIND11_MODULE(accord, m) {
  // Each docstring starts with its signature as a Python user writes it (pybind11's would show
  // the C++ parameter types: "handle").
  py::options options;
  options.disable_function_signatures();
  PyDateTime_IMPORT;
  if (!PyDateTimeAPI) throw py::error_already_set();

  m.doc() = R"doc(Accord: decide proposed actions (a foreign air base, a deployment, an accession)
against treaty clauses, and say why.

    import accord
    engine = accord.load("rules")          # or accord.load(): $ACCORD_RULES, ./rules, the installed rules
    d = engine.decide({"action": "basing", "actor": "USA", "host": "KGZ", "date": "2026-03-01"})
    d["decision"], d["pending"]            # ('needs_consent', ['ARM', 'BLR', 'KAZ', 'RUS', 'TJK'])

A proposal is a dict of field -> value (str, bool, int, datetime.date, a list of parties for a
list field, and "positions": {party: "consent" | "object" | "abstain"}), as in a proposal file.
A decision is the dict of `accord check --format json` (its keys: docs/cli.md#json-decision in
the repository; docs/python.md is this module's guide).)doc";
  m.attr("__version__") = accord::version();

  py::dict scope = m.attr("__dict__");
  py::exec(kPythonClasses, scope);
  g_rules_error = m.attr("RulesError").ptr();
  g_proposal_error = m.attr("ProposalError").ptr();
  g_decision_type = m.attr("Decision").ptr();
  Py_INCREF(g_rules_error);
  Py_INCREF(g_proposal_error);
  Py_INCREF(g_decision_type);

  py::class_<accord::Engine>(m, "Engine", R"doc(Loaded, checked and compiled rules: decides proposals.

Made by accord.load(). Immutable: share one engine across threads and calls.)doc")
      .def(
          "decide",
          [](const accord::Engine& e, py::object proposal, py::object positions, py::object readings, bool explain) {
            const accord::Decision d = make_decision(e, proposal, positions, readings);
            return json_to_python(d.to_json(explain), g_decision_type);
          },
          py::arg("proposal"), py::arg("positions") = py::none(), py::arg("readings") = py::none(), py::arg("explain") = false,
          R"doc(decide(proposal, positions=None, readings=None, explain=False) -> accord.Decision

Decides one proposal and returns the decision as a dict.

proposal: a dict of field -> value, e.g. {"action": "basing", "actor": "United States",
    "host": "Kyrgyzstan", "date": "2026-03-01"}. Values: str, bool, int, datetime.date (or
    datetime, pandas.Timestamp: its day), a list of parties for a list field, and under
    "positions" a dict of party -> "consent", "object" or "abstain". Parties by code or name.
    None (or NaN) leaves a field out. Without "date", the proposal is decided as of today (UTC).
positions: a dict of party -> stance, applied over the proposal's own "positions".
readings: a dict of clause id -> reading name, for clauses whose reading is contested.
explain: add "explain", the value of every condition of every applying clause.

Returns an accord.Decision: the dict json.loads() makes of `accord check --format json`
(d["verdict"] is also d["decision"]): "decision"
("permitted", "needs_consent", "vetoed" or "prohibited"), "headline", "summary",
"pending", "vetoed_by", "prohibited_by", "clauses", ... Raises ProposalError for a proposal
the rules do not accept (an unknown field, party or action, a missing field).)doc")
      .def(
          "decide_many",
          [](const accord::Engine& e, py::object proposals, int threads, py::object readings) {
            if (threads < 1) throw py::value_error("threads must be at least 1");
            return Batch(e, static_cast<unsigned>(threads), decide_options(readings)).run(proposals);
          },
          py::arg("proposals"), py::arg("threads") = 1, py::arg("readings") = py::none(),
          R"doc(decide_many(proposals, threads=1, readings=None) -> list

Decides many proposals through the batch path and returns a list of dicts, in order.

proposals: a list or any iterable of proposal dicts (read as it goes: a generator works), or a
    pandas DataFrame with one column per field (read column by column; an empty cell, NaN or
    None, leaves the field out). Each proposal is as for decide(), positions included.
threads: the engine's worker threads (the answer is the same whatever the number).
readings: a dict of clause id -> reading name, applied to every proposal.

A proposal that is not valid does not raise: its place in the list holds
{"line": N, "error": "..."} (N: its 1-based position in the input), as `accord check --batch`
writes it. The GIL is released while the engine decides. Raises ProposalError only for bad
readings.)doc")
      .def(
          "text",
          [](const accord::Engine& e, py::object proposal, py::object positions, py::object readings, bool explain) {
            return make_decision(e, proposal, positions, readings).to_text(explain);
          },
          py::arg("proposal"), py::arg("positions") = py::none(), py::arg("readings") = py::none(), py::arg("explain") = false,
          R"doc(text(proposal, positions=None, readings=None, explain=False) -> str

Decides one proposal and returns the report `accord check` prints, in plain words.

The arguments are those of decide(); explain adds the value of every condition.
Raises ProposalError as decide() does.)doc")
      .def(
          "what_if",
          [](const accord::Engine& e, py::object proposal, py::object positions) {
            const accord::Proposal p = make_proposal(e, proposal, positions);
            auto r = e.what_if(p, true);
            if (!r) raise_proposal_error(r.status());
            return json_to_python(*r);
          },
          py::arg("proposal"), py::arg("positions") = py::none(),
          R"doc(what_if(proposal, positions=None) -> dict

What would change the decision on a proposal, as a dict (`accord whatif --format json`).

Which parties' positions would change the outcome and the dates at which it changes.
The arguments are those of decide(). Raises ProposalError as decide() does.)doc")
      .def(
          "fields",
          [](const accord::Engine& e, py::object action) {
            if (action.is_none()) return e.fields();
            const std::string name = py::str(action);
            std::vector<std::string> fields = e.fields(name);
            if (fields.empty()) {
              std::string known;
              for (const std::string& a : e.actions()) known += (known.empty() ? "" : ", ") + a;
              throw py::value_error("unknown action '" + name + "' (actions: " + known + ")");
            }
            return fields;
          },
          py::arg("action") = py::none(),
          R"doc(fields(action=None) -> list of str

The proposal fields of the rules (action=None), or those an action takes.

Raises ValueError for an action the rules do not declare.)doc")
      .def_property_readonly(
          "actions", [](const accord::Engine& e) { return e.actions(); }, "The actions proposals can name (list of str).")
      .def_property_readonly(
          "parties", [](const accord::Engine& e) { return e.parties(); },
          "The codes of every party a proposal can name (list of str): states and organizations.")
      .def_property_readonly(
          "clause_count", [](const accord::Engine& e) { return e.clause_count(); }, "The number of clauses loaded (int).")
      .def_property_readonly(
          "warnings", [](const accord::Engine& e) { return diagnostic_list(e.load_status().diagnostics()); },
          "Warnings found while loading the rules, as diagnostic dicts (errors raise RulesError instead).")
      .def("__repr__", [](const accord::Engine& e) {  // "<accord.Engine: 27 clauses, 12 actions, 197 parties>"
        return "<accord.Engine: " + std::to_string(e.clause_count()) + " clauses, " + std::to_string(e.actions().size()) +
               " actions, " + std::to_string(e.parties().size()) + " parties>";
      });

  m.def("load", &load, py::arg("rules") = py::none(),
        R"doc(load(rules=None) -> accord.Engine

Loads, checks and compiles treaty rules and returns an Engine.

rules: a rules directory (str or path), or a list of them (merged), as `accord --rules`
    takes them. None: $ACCORD_RULES, else ./rules, else the rules installed with the library.

Raises RulesError, with the positioned diagnostics, when the rules have errors.)doc");
}
