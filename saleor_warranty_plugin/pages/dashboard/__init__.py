"""Staff pages inside the Saleor Dashboard, registered as an app with extensions."""
