# pod_amplify: PGXS build. `make && make install`, `make installcheck` (pg_regress).
EXTENSION  = pod_amplify
MODULE_big = pod_amplify
DATA       = $(wildcard pod_amplify--*.sql)

CORE_SRCS = $(sort $(wildcard src/core/*.cpp))
PG_SRCS   = $(sort $(wildcard src/pg/*/*.cpp))
OBJS      = $(CORE_SRCS:.cpp=.o) $(PG_SRCS:.cpp=.o)

REGRESS      = $(basename $(notdir $(sort $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=.

PG_CONFIG ?= pg_config

# PostgreSQL's headers use `register`, an error in C++17 without -Wno-register.
POD_CXXFLAGS = -std=c++17 -Wall -Wextra -Wno-register -Wno-unused-parameter -Wno-missing-field-initializers
PG_CXXFLAGS += $(POD_CXXFLAGS)
# Includes name their room: "core/rule_error.hpp", "pg/runtime/boundary.hpp".
PG_CPPFLAGS += -I$(srcdir)/src
# PGXS links with the C driver: the C++ runtime must be named.
SHLIB_LINK += -lboost_url -lstdc++

# Sanitizer build: make SANITIZE=1 (see test/sanitize.sh).
ifeq ($(SANITIZE),1)
PG_CXXFLAGS += -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer
SHLIB_LINK  += -fsanitize=address,undefined
endif

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# The LLVM bitcode rule for .cpp files does not see PG_CXXFLAGS.
override BITCODE_CXXFLAGS += $(POD_CXXFLAGS)

EXTRA_CLEAN = build results regression.diffs regression.out

# PGXS tracks no header dependencies: any header change rebuilds every object.
HEADERS = $(wildcard src/core/*.hpp src/pg/*/*.hpp)
$(OBJS): $(HEADERS)
$(OBJS:.o=.bc): $(HEADERS)
