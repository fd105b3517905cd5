<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Supervisor approval</source>
        <translation>Supervisor approval</translation>
    </message>
    <message>
        <source>Supervisor code</source>
        <translation>Supervisor code</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Enter the supervisor code and PIN.</source>
        <translation>Enter the supervisor code and PIN.</translation>
    </message>
</context>
<context>
    <name>CartLinesModel</name>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Discount</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>%1 (voided)</source>
        <translation>%1 (voided)</translation>
    </message>
    <message>
        <source>%1 (price changed)</source>
        <translation>%1 (price changed)</translation>
    </message>
</context>
<context>
    <name>CompletionScreen</name>
    <message>
        <source>Sale complete</source>
        <translation>Sale complete</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Next customer (Enter)</source>
        <translation>Next customer (Enter)</translation>
    </message>
    <message>
        <source>Total %1, paid %2. Receipt No. %3</source>
        <translation>Total %1, paid %2. Receipt No. %3</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>Change %1</translation>
    </message>
    <message>
        <source>Thank you very much</source>
        <translation>Thank you very much</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Paid %1  Due %2</source>
        <translation>Paid %1  Due %2</translation>
    </message>
</context>
<context>
    <name>DeviceStatusBar</name>
    <message>
        <source>Out of paper. Load paper.</source>
        <translation>Out of paper. Load paper.</translation>
    </message>
    <message>
        <source>Printer cover is open. Close the cover.</source>
        <translation>Printer cover is open. Close the cover.</translation>
    </message>
    <message>
        <source>Printer is offline. Check the power and cable.</source>
        <translation>Printer is offline. Check the power and cable.</translation>
    </message>
    <message>
        <source>Printer error. Turn the printer off and on.</source>
        <translation>Printer error. Turn the printer off and on.</translation>
    </message>
    <message>
        <source>Paper is running low. Prepare a new roll.</source>
        <translation>Paper is running low. Prepare a new roll.</translation>
    </message>
    <message>
        <source>Drawer is open. Close the drawer.</source>
        <translation>Drawer is open. Close the drawer.</translation>
    </message>
    <message>
        <source>Scan not read. Scan again.</source>
        <translation>Scan not read. Scan again.</translation>
    </message>
    <message>
        <source>Not connected. Check the cable.</source>
        <translation>Not connected. Check the cable.</translation>
    </message>
    <message>
        <source>Fault: %1</source>
        <translation>Fault: %1</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Drawer</source>
        <translation>Drawer</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Sync: -</source>
        <translation>Sync: -</translation>
    </message>
    <message>
        <source>Sync: %1 waiting (%2)</source>
        <translation>Sync: %1 waiting (%2)</translation>
    </message>
    <message>
        <source>Sync: %1 waiting</source>
        <translation>Sync: %1 waiting</translation>
    </message>
    <message>
        <source>TRAINING</source>
        <translation>TRAINING</translation>
    </message>
    <message>
        <source>Backend disconnected</source>
        <translation>Backend disconnected</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <source>Finish or cancel the current step, then try again.</source>
        <translation>Finish or cancel the current step, then try again.</translation>
    </message>
    <message>
        <source>Select another line.</source>
        <translation>Select another line.</translation>
    </message>
    <message>
        <source>Select a line in the list, then try again.</source>
        <translation>Select a line in the list, then try again.</translation>
    </message>
    <message>
        <source>Scan an item first.</source>
        <translation>Scan an item first.</translation>
    </message>
    <message>
        <source>Select a payment in the list.</source>
        <translation>Select a payment in the list.</translation>
    </message>
    <message>
        <source>Ask a supervisor to approve with their code and PIN.</source>
        <translation>Ask a supervisor to approve with their code and PIN.</translation>
    </message>
    <message>
        <source>Check the supervisor code and PIN, then try again.</source>
        <translation>Check the supervisor code and PIN, then try again.</translation>
    </message>
    <message>
        <source>Fix the printer, then press Reprint. The sale is saved.</source>
        <translation>Fix the printer, then press Reprint. The sale is saved.</translation>
    </message>
    <message>
        <source>Check the device cable and power, then try again.</source>
        <translation>Check the device cable and power, then try again.</translation>
    </message>
    <message>
        <source>Check the receipt number, or search the journal.</source>
        <translation>Check the receipt number, or search the journal.</translation>
    </message>
    <message>
        <source>Search for another receipt.</source>
        <translation>Search for another receipt.</translation>
    </message>
    <message>
        <source>Ask a supervisor about this item.</source>
        <translation>Ask a supervisor about this item.</translation>
    </message>
    <message>
        <source>Start a new sale.</source>
        <translation>Start a new sale.</translation>
    </message>
    <message>
        <source>Tell store IT; the log has the details.</source>
        <translation>Tell store IT; the log has the details.</translation>
    </message>
    <message>
        <source>Try again. If it repeats, restart the app.</source>
        <translation>Try again. If it repeats, restart the app.</translation>
    </message>
</context>
<context>
    <name>ItemSearchDialog</name>
    <message>
        <source>Item search</source>
        <translation>Item search</translation>
    </message>
    <message>
        <source>Name or kana</source>
        <translation>Name or kana</translation>
    </message>
    <message>
        <source>Type a name, then choose an item with Enter or a tap.</source>
        <translation>Type a name, then choose an item with Enter or a tap.</translation>
    </message>
</context>
<context>
    <name>LifecycleFlows</name>
    <message>
        <source>This function is not available in this build.</source>
        <translation>This function is not available in this build.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>OpenRegi</source>
        <translation>OpenRegi</translation>
    </message>
    <message>
        <source>TRAINING MODE - receipts are not valid</source>
        <translation>TRAINING MODE - receipts are not valid</translation>
    </message>
    <message>
        <source>%1  Register %2</source>
        <translation>%1  Register %2</translation>
    </message>
    <message>
        <source>Staff: %1</source>
        <translation>Staff: %1</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <source>Business date %1  |  %2</source>
        <translation>Business date %1  |  %2</translation>
    </message>
</context>
<context>
    <name>NumPad</name>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>NumberDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Enter a whole number from 0 to %1.</source>
        <translation>Enter a whole number from 0 to %1.</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <source>Payment</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Payments taken</source>
        <translation>Payments taken</translation>
    </message>
    <message>
        <source>Amount received (Enter = cash)</source>
        <translation>Amount received (Enter = cash)</translation>
    </message>
    <message>
        <source>Exact
(F9)</source>
        <translation>Exact
(F9)</translation>
    </message>
    <message>
        <source>Esc
Back to items</source>
        <translation>Esc
Back to items</translation>
    </message>
    <message>
        <source>F4
Subtotal discount ¥</source>
        <translation>F4
Subtotal discount ¥</translation>
    </message>
    <message>
        <source>F5
Subtotal discount %</source>
        <translation>F5
Subtotal discount %</translation>
    </message>
    <message>
        <source>Remove payment</source>
        <translation>Remove payment</translation>
    </message>
    <message>
        <source>F10
Complete</source>
        <translation>F10
Complete</translation>
    </message>
    <message>
        <source>Subtotal discount %1</source>
        <translation>Subtotal discount %1</translation>
    </message>
    <message>
        <source>change %1</source>
        <translation>change %1</translation>
    </message>
    <message>
        <source>Type the amount received, or press a payment key.</source>
        <translation>Type the amount received, or press a payment key.</translation>
    </message>
    <message>
        <source>Nothing is due. Press Complete.</source>
        <translation>Nothing is due. Press Complete.</translation>
    </message>
    <message>
        <source>Subtotal discount in yen</source>
        <translation>Subtotal discount in yen</translation>
    </message>
    <message>
        <source>Subtotal discount in percent (1-100)</source>
        <translation>Subtotal discount in percent (1-100)</translation>
    </message>
    <message>
        <source>Subtotal discount</source>
        <translation>Subtotal discount</translation>
    </message>
    <message>
        <source>Remove the payments first to go back to items.</source>
        <translation>Remove the payments first to go back to items.</translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <source>Quantity</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Void line</source>
        <translation>Void line</translation>
    </message>
    <message>
        <source>Discount ¥</source>
        <translation>Discount ¥</translation>
    </message>
    <message>
        <source>Discount %</source>
        <translation>Discount %</translation>
    </message>
    <message>
        <source>Suspend</source>
        <translation>Suspend</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Cancel sale</source>
        <translation>Cancel sale</translation>
    </message>
    <message>
        <source>Void/Return</source>
        <translation>Void/Return</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Item search</source>
        <translation>Item search</translation>
    </message>
    <message>
        <source>Scan or enter a code</source>
        <translation>Scan or enter a code</translation>
    </message>
    <message>
        <source>Type a quantity, then press ×.</source>
        <translation>Type a quantity, then press ×.</translation>
    </message>
    <message>
        <source>There is no line to change. Scan an item first.</source>
        <translation>There is no line to change. Scan an item first.</translation>
    </message>
    <message>
        <source>New quantity for %1</source>
        <translation>New quantity for %1</translation>
    </message>
    <message>
        <source>Price override</source>
        <translation>Price override</translation>
    </message>
    <message>
        <source>New unit price in yen for %1</source>
        <translation>New unit price in yen for %1</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Line discount</translation>
    </message>
    <message>
        <source>Discount in yen</source>
        <translation>Discount in yen</translation>
    </message>
    <message>
        <source>Discount in percent (1-100)</source>
        <translation>Discount in percent (1-100)</translation>
    </message>
    <message>
        <source>Scan an item first.</source>
        <translation>Scan an item first.</translation>
    </message>
</context>
<context>
    <name>Splash</name>
    <message>
        <source>OpenRegi</source>
        <translation>OpenRegi</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>Loading...</translation>
    </message>
    <message>
        <source>Starting the backend...</source>
        <translation>Starting the backend...</translation>
    </message>
    <message>
        <source>Opening the terminal store...</source>
        <translation>Opening the terminal store...</translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation>Connecting...</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>TotalsPanel</name>
    <message>
        <source>Items</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>※ reduced tax rate (8%)</source>
        <translation>※ reduced tax rate (8%)</translation>
    </message>
    <message>
        <source>%1% taxable %2  tax %3</source>
        <translation>%1% taxable %2  tax %3</translation>
    </message>
</context>
</TS>