// The vocabulary of a rule set, for people and programs: the actions proposals can name (with
// their docs and fields), the fields, the parties (codes, names, aliases, memberships on a
// date), the organizations and the sites. `accord vocab` prints it; the decision service
// serves the JSON.
#pragma once
#include <string>

#include "compile/engine.h"

namespace accord::internal {

enum class VocabTopic { All, Actions, Fields, Parties, Organizations, Sites };

// Parses a topic word ("actions", "parties", ...; singular accepted); false when it is not one.
bool parse_vocab_topic(const std::string& word, VocabTopic& out);

std::string vocab_text(const Engine& e, VocabTopic topic, Date as_of);
void vocab_json(const Engine& e, VocabTopic topic, Date as_of, std::string& out);

// One item by name: an action, a party (any way of typing it) or a site. Empty when the name
// is none of these.
std::string vocab_item_text(const Engine& e, const std::string& name, Date as_of);
bool vocab_item_json(const Engine& e, const std::string& name, Date as_of, std::string& out);

}  // namespace accord::internal
