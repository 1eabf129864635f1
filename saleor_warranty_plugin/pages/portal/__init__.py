"""The customer returns portal (`portal/...`)."""
