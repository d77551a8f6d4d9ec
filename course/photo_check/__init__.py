"""Check a photo before posting: what the file gives away, a clean copy and a sticker, all on the parent's device."""
