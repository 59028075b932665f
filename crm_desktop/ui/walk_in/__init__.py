"""The counter flow: F2 from anywhere, find or add the customer, key in the sale, Enter.

`panel.WalkInPanel` holds three steps: `customer_step` (search as you type, a scanned card, or no customer),
`new_customer_step` (a minimal form pre-filled from what was typed) and `purchase_step` (an amount, or line
items from `items_editor`). The sale is written by one service call (`purchases.walk_in`/`log_purchase`),
which creates a new customer and the purchase with its points in one transaction.
"""
