#include "model/rules.h"

namespace accord::internal {

const std::vector<std::string>& effect_names() {
  static const std::vector<std::string> names = {"permit", "prohibit", "consent", "obligation", "note"};
  return names;
}
const std::vector<std::string>& consent_rule_names() {
  static const std::vector<std::string> names = {"unanimous", "no_objection", "majority", "any", "consult"};
  return names;
}
const std::vector<std::string>& field_type_names() {
  static const std::vector<std::string> names = {"party", "parties", "site", "bool", "int", "date", "string"};
  return names;
}

const char* effect_name(Effect e) { return effect_names()[static_cast<size_t>(e)].c_str(); }
const char* consent_rule_name(ConsentRule r) { return consent_rule_names()[static_cast<size_t>(r)].c_str(); }
const char* field_type_name(FieldType t) { return field_type_names()[static_cast<size_t>(t)].c_str(); }

Loc SourceExpr::loc(std::size_t expr_offset) const {
  if (file_offsets.empty()) return {file, 0};
  return {file, file_offsets[std::min(expr_offset, file_offsets.size() - 1)]};
}

}  // namespace accord::internal
