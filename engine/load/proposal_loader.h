// Proposal files (docs/rules-format.md#proposals), YAML or JSON, read with positions so every bad field, action,
// party, date or position is reported at its place in the file.
#pragma once
#include <optional>

#include "load/yaml_tree.h"

#include "core/diagnostics.h"
#include "load/proposal_builder.h"
#include "model/rules.h"

namespace accord::internal {

// Reads the proposal in `file`. `default_date` applies when it has no `date`.
bool load_proposal_file(const SourceRef& file, const ProposalBuilder& b, Date default_date,
                        Proposal& out, Diagnostics& diags);

// Applies the fields of the mapping `node` to `out` (used by proposal files and by scenario
// steps, which change a proposal field by field). Does not call finish(). `extra_keys` are the
// caller's own keys, skipped here and suggested for a misspelt key; `reported_keys` are keys
// the caller has already reported as mistakes, skipped and never suggested.
bool apply_proposal_fields(const SourceRef& file, const yaml::Node& node, const ProposalBuilder& b,
                           Proposal& out, Diagnostics& diags,
                           std::initializer_list<const char*> extra_keys = {},
                           std::initializer_list<const char*> reported_keys = {});

// Calls b.finish() and reports its problem at `node` (the proposal's mapping).
bool finish_proposal(const SourceRef& file, const yaml::Node& node, const ProposalBuilder& b,
                     Date default_date, Proposal& out, Diagnostics& diags);

}  // namespace accord::internal
