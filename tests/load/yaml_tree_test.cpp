// yaml_tree: the document tree read with libyaml. Positions are byte offsets into the file
// (libyaml counts characters), kinds follow YAML's rules for null, and the limits hold.
#include "load/yaml_tree.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace accord::internal::yaml {
namespace {

Node parsed(const std::string& text) {
  auto r = parse(text);
  EXPECT_TRUE(std::holds_alternative<Node>(r)) << text;
  return std::holds_alternative<Node>(r) ? std::get<Node>(r) : Node();
}

// Every value's offset is where its text starts, in a file long enough to span many blocks,
// with multi-byte characters before, inside and between them (2-, 3- and 4-byte UTF-8).
TEST(YamlTree, OffsetsAreBytesAcrossMultiByteText) {
  const std::vector<std::string> values = {"plain", "\xc3\xa9t\xc3\xa9", "\xe2\x80\x94 dash", "x\xf0\x9f\x98\x80y",
                                           "\"quoted \xd0\x9a\xd0\xb0\xd0\xbd\xd1\x82\"", std::string(70, 'a')};
  std::string text;
  std::vector<std::size_t> want;
  for (int i = 0; i < 400; ++i) {
    text += "k" + std::to_string(i) + (i % 7 == 0 ? "\xc2\xb7" : "") + ": ";
    want.push_back(text.size());
    text += values[static_cast<std::size_t>(i) % values.size()] + "\n";
  }
  const Node root = parsed(text);
  ASSERT_TRUE(root.IsMap());
  ASSERT_EQ(root.size(), want.size());
  std::size_t i = 0;
  for (const auto& kv : root) {
    EXPECT_EQ(kv.second.offset(), want[i]) << "value " << i;
    EXPECT_EQ(kv.first.offset(), text.rfind('\n', want[i]) + 1) << "key " << i;
    ++i;
  }
}

TEST(YamlTree, SequencesMapsAndUndefined) {
  const Node root = parsed("list: [a, b, c]\nmap: {x: 1}\nempty:\n");
  const Node list = root["list"];
  ASSERT_TRUE(list.IsSequence());
  EXPECT_EQ(list.size(), 3u);
  EXPECT_EQ(list[1].Scalar(), "b");
  EXPECT_FALSE(list[3].IsDefined());
  std::string items;
  for (const auto& item : list) items += item.Scalar();
  EXPECT_EQ(items, "abc");
  EXPECT_EQ(root["map"]["x"].Scalar(), "1");
  EXPECT_TRUE(root["empty"].IsNull());
  EXPECT_FALSE(root["absent"].IsDefined());
  EXPECT_FALSE(root["absent"]["deeper"].IsDefined());
  EXPECT_EQ(root["list"]["x"].Type(), Kind::Undefined);  // a key of a sequence
  EXPECT_EQ(root.offset(), 0u);
}

// An alias is the anchored node itself, and the document outlives the parse.
TEST(YamlTree, AliasesShareTheAnchoredNode) {
  Node second;
  {
    const Node root = parsed("a: &base {x: 1, y: [2, 3]}\nb: *base\n");
    second = root["b"];
  }
  ASSERT_TRUE(second.IsMap());
  EXPECT_EQ(second["y"][1].Scalar(), "3");
  EXPECT_EQ(second.offset(), 3u);  // where &base is
}

TEST(YamlTree, NestingDeeperThanTheLimitIsAnError) {
  const std::string ok = std::string(kMaxDepth - 1, '[') + std::string(kMaxDepth - 1, ']');
  EXPECT_TRUE(std::holds_alternative<Node>(parse("a: " + ok + "\n")));
  const std::string deep = std::string(kMaxDepth + 5, '[') + std::string(kMaxDepth + 5, ']');
  const auto r = parse("a: " + deep + "\n");
  ASSERT_TRUE(std::holds_alternative<Error>(r));
  EXPECT_EQ(std::get<Error>(r).what, Error::What::TooDeep);
  EXPECT_EQ(std::get<Error>(r).offset, 3u);  // the outermost '['
}

// Tags are dropped (every value is text, the loaders decide what it must be), except that an
// explicit !!null is null; a key may be any node (the loaders report one that is not a word).
TEST(YamlTree, TagsAndComplexKeys) {
  const Node root = parsed("a: !!str 12\nb: !!null ''\nc: !custom x\n? [k1, k2]\n: v\n");
  EXPECT_EQ(root["a"].Scalar(), "12");
  EXPECT_TRUE(root["b"].IsNull());
  EXPECT_EQ(root["c"].Scalar(), "x");
  ASSERT_EQ(root.size(), 4u);
  std::size_t seen = 0;
  for (const auto& kv : root)
    if (kv.first.IsSequence()) {
      EXPECT_EQ(kv.first[1].Scalar(), "k2");
      EXPECT_EQ(kv.second.Scalar(), "v");
      ++seen;
    }
  EXPECT_EQ(seen, 1u);
}

TEST(YamlTree, NothingButCommentsIsNoDocument) {
  const auto r = parse("# nothing\n\n");
  ASSERT_TRUE(std::holds_alternative<Node>(r));
  EXPECT_FALSE(std::get<Node>(r).IsDefined());
}

}  // namespace
}  // namespace accord::internal::yaml
