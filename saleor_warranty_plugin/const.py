"""Names the plugin shares with Saleor and with itself: its id, its URLs, the metadata keys
it writes, and limits every entry point applies. A leaf: imports nothing of the package."""

PLUGIN_ID = "saleor.warranty"
# Saleor serves a global plugin's own views under this prefix (`saleor/urls.py`)
URL_PREFIX = f"/plugins/global/{PLUGIN_ID}"
GRAPHQL_PATH = "/graphql/"
EVIDENCE_PATH = "/evidence/"

# private metadata on Saleor fulfillments, draft orders and gift cards the plugin made
CLAIM_KEY = "warranty.claim"
# private metadata on an order: the numbers of its claims
CLAIMS_KEY = "warranty.claims"

MAX_NOTE = 2000  # characters of any note or reason staff write
