"""The API's routes, one module per area; `veille.serve.create_app` includes them."""
