// schema.yaml: the proposal fields and actions that clauses and proposals may use.
#include <algorithm>

#include "load/rules_loader.h"
#include "load/yaml_doc.h"

namespace accord::internal {

static const std::vector<std::string> kBuiltinFields = {"id", "title", "date", "action",
                                                        "positions"};

bool load_schema_file(const SourceRef& f, Schema& into, Diagnostics& d) {
  const size_t before = d.items().size();
  auto root = parse_yaml(f, d);
  if (!root) return false;
  MapReader top(f, *root, "the schema", {"fields", "actions"}, d);
  if (!top.ok()) return false;

  if (auto fields = top.get("fields"); fields.IsDefined()) {
    if (auto entries = as_entries(f, fields, "fields", d)) {
      for (auto& e : *entries) {
        if (std::find(kBuiltinFields.begin(), kBuiltinFields.end(), e.key) != kBuiltinFields.end()) {
          d.error_at(*f, e.key_loc.offset, "'" + e.key + "' is a built-in proposal field and cannot be redeclared");
          continue;
        }
        if (std::any_of(into.fields.begin(), into.fields.end(), [&](auto& x) { return x.name == e.key; })) {
          d.error_at(*f, e.key_loc.offset, "field '" + e.key + "' is already declared");
          continue;
        }
        MapReader m(f, e.value, "field '" + e.key + "'", {"type", "values", "labels", "within", "doc"}, d);
        if (!m.ok()) continue;
        FieldDecl fd;
        fd.name = e.key;
        fd.loc = e.key_loc;
        const auto type = as_enum<FieldType>(f, m.require("type"), field_type_names(), "field type", d);
        if (!type) continue;
        fd.type = *type;
        if (auto doc = m.get("doc"); doc.IsDefined()) fd.doc = as_string(f, doc, d).value_or("");
        if (auto values = m.get("values"); values.IsDefined()) {
          if (fd.type != FieldType::String) {
            d.error_at(*f, m.loc("values").offset, "only string fields take 'values'");
            continue;
          }
          fd.values = as_string_list(f, values, d).value_or(std::vector<std::string>{});
        } else if (fd.type == FieldType::String) {
          d.error_at(*f, m.loc().offset,
                     "string field '" + e.key + "' must list its 'values' (the domain is finite)");
          continue;
        }
        if (auto within = m.get("within"); within.IsDefined()) {
          if (fd.type != FieldType::Site) {
            d.error_at(*f, m.loc("within").offset, "only site fields take 'within' (the party field naming the state the site is in)");
            continue;
          }
          fd.within = as_string(f, within, d).value_or("");
          fd.within_loc = m.loc("within");
        }
        if (auto labels = m.get("labels"); labels.IsDefined()) {
          if (fd.type != FieldType::Bool && fd.type != FieldType::String) {
            d.error_at(*f, m.loc("labels").offset, "only bool and string fields take 'labels'");
            continue;
          }
          const std::vector<std::string> allowed =
              fd.type == FieldType::Bool ? std::vector<std::string>{"true", "false"} : fd.values;
          if (auto entries = as_entries(f, labels, "labels of '" + e.key + "'", d)) {
            for (const auto& le : *entries) {
              if (std::find(allowed.begin(), allowed.end(), le.key) == allowed.end())
                d.error_at(*f, le.key_loc.offset,
                           with_suggestion("'" + le.key + "' is not a value of '" + e.key + "'", le.key, allowed));
              else if (auto text = as_string(f, le.value, d))
                fd.labels.emplace_back(le.key, *text);
            }
          }
        }
        into.fields.push_back(std::move(fd));
      }
    }
  }
  if (auto actions = top.get("actions"); actions.IsDefined()) {
    if (auto entries = as_entries(f, actions, "actions", d)) {
      for (auto& e : *entries) {
        if (std::any_of(into.actions.begin(), into.actions.end(), [&](auto& x) { return x.name == e.key; })) {
          d.error_at(*f, e.key_loc.offset, "action '" + e.key + "' is already declared");
          continue;
        }
        MapReader m(f, e.value, "action '" + e.key + "'", {"doc", "required", "optional"}, d);
        if (!m.ok()) continue;
        ActionDecl ad;
        ad.name = e.key;
        ad.loc = e.key_loc;
        if (auto doc = m.get("doc"); doc.IsDefined()) ad.doc = as_string(f, doc, d).value_or("");
        if (auto r = m.get("required"); r.IsDefined()) ad.required = as_string_list(f, r, d).value_or(std::vector<std::string>{});
        if (auto o = m.get("optional"); o.IsDefined()) ad.optional = as_string_list(f, o, d).value_or(std::vector<std::string>{});
        into.actions.push_back(std::move(ad));
      }
    }
  }
  return d.items().size() == before;
}

}  // namespace accord::internal
