#include "load/yaml_tree.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include <yaml.h>

namespace accord::internal::yaml {

struct NodeData {
  Kind kind = Kind::Undefined;
  std::uint32_t offset = 0;
  std::uint32_t first = 0;  // into Doc::kids: a map's entries are key, value pairs
  std::uint32_t count = 0;  // items or entries
  std::string scalar;
};

struct Doc {
  std::vector<NodeData> nodes;
  std::vector<std::uint32_t> kids;
};

namespace {

const std::string kEmpty;

}  // namespace

Kind Node::Type() const { return doc_ ? doc_->nodes[index_].kind : Kind::Undefined; }

const std::string& Node::Scalar() const { return doc_ ? doc_->nodes[index_].scalar : kEmpty; }

std::size_t Node::offset() const { return doc_ ? doc_->nodes[index_].offset : 0; }

std::size_t Node::size() const { return doc_ ? doc_->nodes[index_].count : 0; }

Node Node::operator[](std::size_t i) const {
  if (!IsSequence() || i >= size()) return {};
  return {doc_, doc_->kids[doc_->nodes[index_].first + i]};
}

Node Node::operator[](std::string_view key) const {
  if (!IsMap()) return {};
  const NodeData& n = doc_->nodes[index_];
  for (std::uint32_t k = 0; k < n.count; ++k) {
    const NodeData& kd = doc_->nodes[doc_->kids[n.first + 2 * k]];
    if (kd.kind == Kind::Scalar && kd.scalar == key) return {doc_, doc_->kids[n.first + 2 * k + 1]};
  }
  return {};
}

Node::iterator Node::begin() const { return {this, 0}; }
Node::iterator Node::end() const { return {this, IsMap() || IsSequence() ? size() : 0}; }

Node::Item Node::iterator::operator*() const {
  const Doc& d = *parent_->doc_;
  const NodeData& n = d.nodes[parent_->index_];
  Item item;
  if (n.kind == Kind::Map) {
    item.first = Node(parent_->doc_, d.kids[n.first + 2 * k_]);
    item.second = Node(parent_->doc_, d.kids[n.first + 2 * k_ + 1]);
  } else {
    static_cast<Node&>(item) = Node(parent_->doc_, d.kids[n.first + k_]);
  }
  return item;
}

namespace {

// libyaml counts marks in characters; files are indexed by byte. The text is cut in blocks of
// 64 bytes, each with the count of characters before it: a mark in a block of ASCII is found
// by arithmetic, elsewhere by walking the block. Marks come nearly in order, so the block is
// looked for on from the last one.
class ByteOffsets {
 public:
  explicit ByteOffsets(std::string_view t) : t_(t) {
    chars_before_.reserve(t.size() / kBlock + 1);
    std::size_t chars = 0;
    for (std::size_t b = 0; b < t.size(); b += kBlock) {
      chars_before_.push_back(chars);
      const std::size_t end = std::min(t.size(), b + kBlock);
      std::size_t i = b;
      for (; i + 8 <= end; i += 8) {  // continuation bytes are 10xxxxxx
        std::uint64_t w;
        std::memcpy(&w, t.data() + i, 8);
        chars += 8 - static_cast<std::size_t>(__builtin_popcountll(w & ~(w << 1) & 0x8080808080808080ULL));
      }
      for (; i < end; ++i) chars += !is_continuation(t[i]);
    }
    total_ = chars;
  }
  std::size_t operator()(const yaml_mark_t& m) {
    if (chars_before_.empty()) return 0;
    // The block the mark is in: on from the last one when the mark is ahead of it.
    if (m.index < chars_before_[k_]) k_ = 0;
    while (k_ + 1 < chars_before_.size() && chars_before_[k_ + 1] <= m.index) ++k_;
    std::size_t byte = k_ * kBlock;
    const std::size_t block_end = std::min(t_.size(), byte + kBlock);
    const std::size_t block_chars = (k_ + 1 < chars_before_.size() ? chars_before_[k_ + 1] : total_) - chars_before_[k_];
    if (block_chars == block_end - byte) return std::min(t_.size(), byte + (m.index - chars_before_[k_]));  // ASCII
    while (byte < t_.size() && is_continuation(t_[byte])) ++byte;  // a block may start mid-character
    for (std::size_t c = chars_before_[k_]; c < m.index && byte < t_.size(); ++c) {
      ++byte;
      while (byte < t_.size() && is_continuation(t_[byte])) ++byte;
    }
    return byte;
  }

 private:
  static bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
  static constexpr std::size_t kBlock = 64;
  std::string_view t_;
  std::vector<std::size_t> chars_before_;  // characters before each block
  std::size_t total_ = 0;                  // characters in the text
  std::size_t k_ = 0;                      // the block of the last mark
};

bool null_like(const yaml_event_t& e) {
  const auto& s = e.data.scalar;
  if (s.tag) return std::strcmp(reinterpret_cast<const char*>(s.tag), "tag:yaml.org,2002:null") == 0;
  if (s.style != YAML_PLAIN_SCALAR_STYLE) return false;
  const std::string_view v(reinterpret_cast<const char*>(s.value), s.length);
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

std::string text_of(const yaml_char_t* s) { return s ? reinterpret_cast<const char*>(s) : ""; }

// Builds the tree from libyaml's events. Nothing here recurses: the nesting is kept in
// `open_`, and its depth is limited.
class Builder {
 public:
  explicit Builder(std::string_view text)
      : text_(text), bytes_(text), limit_(kMaxExpansion * text.size() + kExpansionSlack), doc_(std::make_shared<Doc>()) {}

  std::variant<Node, Error> run() {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return Error{Error::What::Syntax, "out of memory", 0, "", 0};
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text_.data()), text_.size());
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    std::optional<Error> error;
    int documents = 0;
    for (bool done = false; !done && !error;) {
      yaml_event_t e;
      if (!yaml_parser_parse(&parser, &e)) {
        error = syntax_error(parser);
        break;
      }
      switch (e.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_DOCUMENT_START_EVENT:
          if (++documents > 1)
            error = Error{Error::What::SecondDocument, "", bytes_(e.start_mark), "", 0};
          break;
        case YAML_ALIAS_EVENT: error = alias(e); break;
        case YAML_SCALAR_EVENT: error = scalar(e); break;
        case YAML_SEQUENCE_START_EVENT:
          error = open(e, Kind::Sequence, e.data.sequence_start.anchor,
                       e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
          break;
        case YAML_MAPPING_START_EVENT:
          error = open(e, Kind::Map, e.data.mapping_start.anchor,
                       e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: close(); break;
        default: break;
      }
      yaml_event_delete(&e);
    }
    yaml_parser_delete(&parser);
    if (error) return *error;
    if (!root_) return Node();
    return Node(doc_, *root_);
  }

 private:
  struct Open {
    std::uint32_t node;
    std::size_t pending;  // where its children start in pending_
    std::string anchor;
    bool flow;
  };

  Error syntax_error(const yaml_parser_t& p) {
    Error err;
    err.problem = text_of(reinterpret_cast<const yaml_char_t*>(p.problem));
    if (err.problem.empty()) err.problem = p.error == YAML_MEMORY_ERROR ? "out of memory" : "cannot be read";
    if (p.error == YAML_READER_ERROR) {  // the bytes themselves (invalid UTF-8, a control character)
      err.what = Error::What::Encoding;
      err.offset = p.problem_offset;
      // libyaml points at the byte that broke the sequence: show where the sequence starts.
      if (err.problem == "invalid trailing UTF-8 octet")
        for (std::size_t k = 0; k < 3 && err.offset > 0; ++k)
          if (static_cast<unsigned char>(text_[--err.offset]) >= 0xC0) break;
      return err;
    }
    err.offset = bytes_(p.problem_mark);
    err.context = text_of(reinterpret_cast<const yaml_char_t*>(p.context));
    err.context_offset = bytes_(p.context_mark);
    return err;
  }

  std::uint32_t add(Kind kind, const yaml_mark_t& at) {
    const auto i = static_cast<std::uint32_t>(doc_->nodes.size());
    NodeData& n = doc_->nodes.emplace_back();
    n.kind = kind;
    n.offset = static_cast<std::uint32_t>(bytes_(at));
    expanded_.push_back(1);
    return i;
  }

  // Makes `i` the root or the next child of the innermost open collection; counts what it
  // adds to the document with aliases copied out.
  std::optional<Error> attach(std::uint32_t i, std::uint64_t weight, std::uint32_t blame) {
    total_ += weight;
    if (total_ > limit_) return Error{Error::What::TooExpanded, "", doc_->nodes[blame].offset, "", 0};
    if (open_.empty()) root_ = i;
    else pending_.push_back(i);
    return std::nullopt;
  }

  void name(const yaml_char_t* anchor, std::uint32_t i) {
    if (anchor) anchors_[reinterpret_cast<const char*>(anchor)] = i;
  }

  std::optional<Error> scalar(const yaml_event_t& e) {
    const bool null = null_like(e);
    const std::uint32_t i = add(null ? Kind::Null : Kind::Scalar, e.start_mark);
    if (!null) doc_->nodes[i].scalar.assign(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
    expanded_[i] += doc_->nodes[i].scalar.size();
    name(e.data.scalar.anchor, i);
    return attach(i, expanded_[i], i);
  }

  std::optional<Error> alias(const yaml_event_t& e) {
    const std::string name = text_of(e.data.alias.anchor);
    const auto it = anchors_.find(name);
    if (it == anchors_.end()) return Error{Error::What::UnknownAlias, name, bytes_(e.start_mark), "", 0};
    return attach(it->second, expanded_[it->second], it->second);
  }

  std::optional<Error> open(const yaml_event_t& e, Kind kind, const yaml_char_t* anchor, bool flow) {
    const std::uint32_t i = add(kind, e.start_mark);
    if (open_.size() >= static_cast<std::size_t>(kMaxDepth)) {
      // At the outermost bracket of the run of brackets this one ends, where the reader can
      // see what is nested too deep.
      std::size_t at = doc_->nodes[i].offset;
      if (flow)
        for (auto o = open_.rbegin(); o != open_.rend() && o->flow; ++o) at = doc_->nodes[o->node].offset;
      return Error{Error::What::TooDeep, "", at, "", 0};
    }
    open_.push_back({i, pending_.size(), text_of(anchor), flow});
    total_ += 1;
    return std::nullopt;
  }

  void close() {
    Open o = std::move(open_.back());
    open_.pop_back();
    NodeData& n = doc_->nodes[o.node];
    n.first = static_cast<std::uint32_t>(doc_->kids.size());
    const std::size_t kids = pending_.size() - o.pending;
    n.count = static_cast<std::uint32_t>(n.kind == Kind::Map ? kids / 2 : kids);
    std::uint64_t& weight = expanded_[o.node];
    for (std::size_t k = o.pending; k < pending_.size(); ++k) {
      doc_->kids.push_back(pending_[k]);
      weight += expanded_[pending_[k]];
    }
    pending_.resize(o.pending);
    if (!o.anchor.empty()) anchors_[o.anchor] = o.node;
    // Its own node was counted when it opened, its children as they came.
    if (open_.empty()) root_ = o.node;
    else pending_.push_back(o.node);
  }

  std::string_view text_;
  ByteOffsets bytes_;
  std::uint64_t limit_, total_ = 0;
  std::shared_ptr<Doc> doc_;
  std::vector<std::uint64_t> expanded_;  // per node: nodes and scalar bytes with aliases copied out
  std::vector<Open> open_;
  std::vector<std::uint32_t> pending_;  // children of the open collections, innermost last
  std::unordered_map<std::string, std::uint32_t> anchors_;
  std::optional<std::uint32_t> root_;
};

}  // namespace

std::variant<Node, Error> parse(std::string_view text) { return Builder(text).run(); }

}  // namespace accord::internal::yaml
