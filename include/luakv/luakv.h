// File: luakv/luakv.h
//
// Umbrella header: everything a host needs to embed luakv.

#ifndef LUAKV_LUAKV_H_
#define LUAKV_LUAKV_H_

#include "luakv/clock.h"
#include "luakv/engine.h"
#include "luakv/options.h"
#include "luakv/reply.h"
#include "luakv/reply_sink.h"
#include "luakv/resp_writer.h"
#include "luakv/session.h"

#endif  // LUAKV_LUAKV_H_
