#include "core/symbols.h"

#include <gtest/gtest.h>

#include <string>

namespace accord::internal {
namespace {

TEST(SymbolTable, InterningGivesDenseIdsAndTheSameIdAgain) {
  SymbolTable t;
  EXPECT_EQ(t.intern(""), kNone);  // the empty name is "none"
  EXPECT_EQ(t.intern("RUS"), 1);
  EXPECT_EQ(t.intern("KGZ"), 2);
  EXPECT_EQ(t.intern("RUS"), 1);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.name(2), "KGZ");
  EXPECT_EQ(t.find("KGZ"), 2);
  EXPECT_EQ(t.find(""), kNone);
  EXPECT_FALSE(t.find("kgz"));  // exact spelling only
  EXPECT_FALSE(SymbolTable().find("RUS"));
}

// Names of every length the hash reads differently (bytes, 4-byte halves, whole words), many
// more than the first table holds, so it grows several times; every name is still found, and
// names that differ in one byte or only in length are told apart.
TEST(SymbolTable, FindsEveryNameAfterGrowing) {
  SymbolTable t;
  std::vector<std::string> names;
  for (int i = 0; i < 3000; ++i) names.push_back(std::string(static_cast<std::size_t>(i % 23), 'x') + std::to_string(i));
  for (std::size_t i = 0; i < names.size(); ++i) ASSERT_EQ(t.intern(names[i]), i + 1) << names[i];
  for (std::size_t i = 0; i < names.size(); ++i) ASSERT_EQ(t.find(names[i]), i + 1) << names[i];
  EXPECT_FALSE(t.find("x"));
  EXPECT_FALSE(t.find(names[100] + "y"));
  EXPECT_FALSE(t.find(names[100].substr(1)));
  std::string one_off = names[2999];
  one_off.back() = 'z';
  EXPECT_FALSE(t.find(one_off));
}

TEST(SymbolTable, HashOfANameDependsOnEveryByteAndItsLength) {
  EXPECT_NE(hash_name("abcdefgh"), hash_name("abcdefgi"));
  EXPECT_NE(hash_name("abcde"), hash_name("abcdf"));
  EXPECT_NE(hash_name(std::string_view("a\0", 2)), hash_name("a"));
  EXPECT_EQ(hash_name(std::string("consent")), hash_name("consent"));
}

}  // namespace
}  // namespace accord::internal
