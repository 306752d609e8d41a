// The end of a switch that names every enumerator of an engine enum (no `default:`, so the
// compiler reports a missing one). A value outside them can only come from memory corruption or
// a bad cast, never from input: stop loudly rather than answer wrongly.
#pragma once

namespace accord::internal {

[[noreturn]] void unreachable(const char* where);

}  // namespace accord::internal
