file(REMOVE_RECURSE
  "libpod_amplify_core.a"
)
