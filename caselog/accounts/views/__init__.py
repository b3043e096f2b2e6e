"""Pages for signing in, your account, users and organisations."""
