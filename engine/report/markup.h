// Text for XML and HTML (JUnit reports, the HTML handouts): the five markup characters
// escaped, and control characters other than tab and newline (not allowed in XML 1.0) as
// spaces.
#pragma once
#include <string>
#include <string_view>

namespace accord::internal {

std::string markup_escape(std::string_view s);

}  // namespace accord::internal
