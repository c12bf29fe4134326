"""Pure text functions for Chinese newspaper typesetting (clreq, GB/T 15834)."""
