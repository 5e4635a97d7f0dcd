#include "KeyRepository.h"

namespace egb {

KeyRepository::~KeyRepository() = default;

} // namespace egb
