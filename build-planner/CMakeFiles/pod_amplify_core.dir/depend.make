# Empty dependencies file for pod_amplify_core.
# This may be replaced when dependencies are built.
