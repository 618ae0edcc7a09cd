// PostgreSQL's headers, included the one way that works from C++17.
#pragma once

extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/jsonapi.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/uuid.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "commands/async.h"
#include "common/pg_prng.h"
#include "catalog/namespace.h"
#include "utils/syscache.h"
#include "catalog/pg_class.h"
#include "utils/fmgrprotos.h"
#include "utils/tuplestore.h"
}
