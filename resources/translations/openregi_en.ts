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
    <name>CashDialog</name>
    <message>
        <source>Cash in</source>
        <translation>Cash in</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Cash out</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Amount (yen)</source>
        <translation>Amount (yen)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Enter an amount above 0 yen.</source>
        <translation>Enter an amount above 0 yen.</translation>
    </message>
    <message>
        <source>Choose a reason.</source>
        <translation>Choose a reason.</translation>
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
        <source>Total %1, received %2. Receipt No. %3</source>
        <translation>Total %1, received %2. Receipt No. %3</translation>
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
    <name>DenominationCount</name>
    <message>
        <source>Pieces</source>
        <translation>Pieces</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>DeviceSettingsBox</name>
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Cash drawer</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>Customer display</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>Print test page</translation>
    </message>
    <message>
        <source>Open drawer</source>
        <translation>Open drawer</translation>
    </message>
    <message>
        <source>Check status</source>
        <translation>Check status</translation>
    </message>
    <message>
        <source>Show test message</source>
        <translation>Show test message</translation>
    </message>
    <message>
        <source>Use this device</source>
        <translation>Use this device</translation>
    </message>
    <message>
        <source>Save device settings</source>
        <translation>Save device settings</translation>
    </message>
    <message>
        <source>Print held receipts again</source>
        <translation>Print held receipts again</translation>
    </message>
    <message>
        <source>Command set</source>
        <translation>Command set</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Serial port</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Baud rate</translation>
    </message>
    <message>
        <source>Flow control</source>
        <translation>Flow control</translation>
    </message>
    <message>
        <source>Network address</source>
        <translation>Network address</translation>
    </message>
    <message>
        <source>Network port</source>
        <translation>Network port</translation>
    </message>
    <message>
        <source>Device file</source>
        <translation>Device file</translation>
    </message>
    <message>
        <source>Printer name in Windows</source>
        <translation>Printer name in Windows</translation>
    </message>
    <message>
        <source>USB vendor ID (hexadecimal)</source>
        <translation>USB vendor ID (hexadecimal)</translation>
    </message>
    <message>
        <source>USB product ID (hexadecimal)</source>
        <translation>USB product ID (hexadecimal)</translation>
    </message>
    <message>
        <source>Paper width (mm)</source>
        <translation>Paper width (mm)</translation>
    </message>
    <message>
        <source>Characters per line</source>
        <translation>Characters per line</translation>
    </message>
    <message>
        <source>Paper cut</source>
        <translation>Paper cut</translation>
    </message>
    <message>
        <source>Drawer sensor</source>
        <translation>Drawer sensor</translation>
    </message>
    <message>
        <source>Open-drawer alarm (seconds, 0 = off)</source>
        <translation>Open-drawer alarm (seconds, 0 = off)</translation>
    </message>
    <message>
        <source>End of barcode</source>
        <translation>End of barcode</translation>
    </message>
    <message>
        <source>Epson ESC/POS, Japanese model</source>
        <translation>Epson ESC/POS, Japanese model</translation>
    </message>
    <message>
        <source>Epson ESC/POS, other models</source>
        <translation>Epson ESC/POS, other models</translation>
    </message>
    <message>
        <source>Star Line mode</source>
        <translation>Star Line mode</translation>
    </message>
    <message>
        <source>StarPRNT</source>
        <translation>StarPRNT</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>Plain text</translation>
    </message>
    <message>
        <source>Simulator (no hardware)</source>
        <translation>Simulator (no hardware)</translation>
    </message>
    <message>
        <source>Network (LAN)</source>
        <translation>Network (LAN)</translation>
    </message>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>Windows printer (spooler)</source>
        <translation>Windows printer (spooler)</translation>
    </message>
    <message>
        <source>Through the printer</source>
        <translation>Through the printer</translation>
    </message>
    <message>
        <source>Keyboard (wedge)</source>
        <translation>Keyboard (wedge)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>RTS/CTS</source>
        <translation>RTS/CTS</translation>
    </message>
    <message>
        <source>DSR/DTR</source>
        <translation>DSR/DTR</translation>
    </message>
    <message>
        <source>XON/XOFF</source>
        <translation>XON/XOFF</translation>
    </message>
    <message>
        <source>Partial cut</source>
        <translation>Partial cut</translation>
    </message>
    <message>
        <source>Full cut</source>
        <translation>Full cut</translation>
    </message>
    <message>
        <source>Open when the signal is high</source>
        <translation>Open when the signal is high</translation>
    </message>
    <message>
        <source>Open when the signal is low</source>
        <translation>Open when the signal is low</translation>
    </message>
    <message>
        <source>80 mm</source>
        <translation>80 mm</translation>
    </message>
    <message>
        <source>58 mm</source>
        <translation>58 mm</translation>
    </message>
    <message>
        <source>Device settings saved. The devices were restarted.</source>
        <translation>Device settings saved. The devices were restarted.</translation>
    </message>
    <message>
        <source>Not in use</source>
        <translation>Not in use</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>Opened, not enabled</source>
        <translation>Opened, not enabled</translation>
    </message>
    <message>
        <source>Claimed, not enabled</source>
        <translation>Claimed, not enabled</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Test page sent to the printer.</source>
        <translation>Test page sent to the printer.</translation>
    </message>
    <message>
        <source>The drawer was opened.</source>
        <translation>The drawer was opened.</translation>
    </message>
    <message>
        <source>Test message shown on the customer display.</source>
        <translation>Test message shown on the customer display.</translation>
    </message>
    <message>
        <source>%1 held receipts sent to the printer again.</source>
        <translation>%1 held receipts sent to the printer again.</translation>
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
    <name>ExchangeDialog</name>
    <message>
        <source>Exchange</source>
        <translation>Exchange</translation>
    </message>
    <message>
        <source>Scan the new items. When they cost more, enter the cash received.</source>
        <translation>Scan the new items. When they cost more, enter the cash received.</translation>
    </message>
    <message>
        <source>Cash received (yen)</source>
        <translation>Cash received (yen)</translation>
    </message>
    <message>
        <source>Record exchange</source>
        <translation>Record exchange</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Scan at least one new item.</source>
        <translation>Scan at least one new item.</translation>
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
    <name>JournalScreen</name>
    <message>
        <source>Electronic journal</source>
        <translation>Electronic journal</translation>
    </message>
    <message>
        <source>Business date</source>
        <translation>Business date</translation>
    </message>
    <message>
        <source>Receipt No.</source>
        <translation>Receipt No.</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Esc
Back</source>
        <translation>Esc
Back</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>Sale</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>Exchange</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>Cash in</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Cash out</translation>
    </message>
    <message>
        <source>No sale</source>
        <translation>No sale</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>X report</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Z report</translation>
    </message>
    <message>
        <source>Training mode</source>
        <translation>Training mode</translation>
    </message>
</context>
<context>
    <name>LifecycleFlows</name>
    <message>
        <source>Sale suspended. Resume it with F7.</source>
        <translation>Sale suspended. Resume it with F7.</translation>
    </message>
    <message>
        <source>Sale suspended and shared with the other registers. Resume it with F7 on any register.</source>
        <translation>Sale suspended and shared with the other registers. Resume it with F7 on any register.</translation>
    </message>
    <message>
        <source>Sharing the sale with the other registers failed, so it is suspended on this register only. Resume it with F7 on this register.</source>
        <translation>Sharing the sale with the other registers failed, so it is suspended on this register only. Resume it with F7 on this register.</translation>
    </message>
    <message>
        <source>Finish or suspend the current sale before resuming another.</source>
        <translation>Finish or suspend the current sale before resuming another.</translation>
    </message>
    <message>
        <source>Recorded %1.</source>
        <translation>Recorded %1.</translation>
    </message>
    <message>
        <source>Drawer opened (no sale).</source>
        <translation>Drawer opened (no sale).</translation>
    </message>
    <message>
        <source>No receipt on this register yet. Use the journal to find one.</source>
        <translation>No receipt on this register yet. Use the journal to find one.</translation>
    </message>
    <message>
        <source>Receipt reprinted.</source>
        <translation>Receipt reprinted.</translation>
    </message>
    <message>
        <source>Training mode is on.</source>
        <translation>Training mode is on.</translation>
    </message>
    <message>
        <source>Training mode is off.</source>
        <translation>Training mode is off.</translation>
    </message>
    <message>
        <source>Finish, suspend or cancel the sale before signing out.</source>
        <translation>Finish, suspend or cancel the sale before signing out.</translation>
    </message>
    <message>
        <source>The terminal is closed.</source>
        <translation>The terminal is closed.</translation>
    </message>
    <message>
        <source>Finish, suspend or cancel the sale before closing.</source>
        <translation>Finish, suspend or cancel the sale before closing.</translation>
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
    <name>MenuScreen</name>
    <message>
        <source>Cash in</source>
        <translation>Cash in</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Cash out</translation>
    </message>
    <message>
        <source>Open drawer (no sale)</source>
        <translation>Open drawer (no sale)</translation>
    </message>
    <message>
        <source>X report (read)</source>
        <translation>X report (read)</translation>
    </message>
    <message>
        <source>Z report (settle)</source>
        <translation>Z report (settle)</translation>
    </message>
    <message>
        <source>Reprint last receipt</source>
        <translation>Reprint last receipt</translation>
    </message>
    <message>
        <source>Void / return / exchange</source>
        <translation>Void / return / exchange</translation>
    </message>
    <message>
        <source>Electronic journal</source>
        <translation>Electronic journal</translation>
    </message>
    <message>
        <source>Training mode off</source>
        <translation>Training mode off</translation>
    </message>
    <message>
        <source>Training mode on</source>
        <translation>Training mode on</translation>
    </message>
    <message>
        <source>Settings (store IT)</source>
        <translation>Settings (store IT)</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Close the terminal</source>
        <translation>Close the terminal</translation>
    </message>
    <message>
        <source>Back to sale</source>
        <translation>Back to sale</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
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
    <name>OpenTerminalScreen</name>
    <message>
        <source>Open the terminal</source>
        <translation>Open the terminal</translation>
    </message>
    <message>
        <source>Count the float (change fund) in the drawer by denomination, then press Open.</source>
        <translation>Count the float (change fund) in the drawer by denomination, then press Open.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
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
    <name>ReportScreen</name>
    <message>
        <source>X report (read only)</source>
        <translation>X report (read only)</translation>
    </message>
    <message>
        <source>Z report (settle)</source>
        <translation>Z report (settle)</translation>
    </message>
    <message>
        <source>Count the cash in the drawer by denomination, then press Take Z report.</source>
        <translation>Count the cash in the drawer by denomination, then press Take Z report.</translation>
    </message>
    <message>
        <source>Print X report</source>
        <translation>Print X report</translation>
    </message>
    <message>
        <source>Take Z report</source>
        <translation>Take Z report</translation>
    </message>
    <message>
        <source>Esc
Back</source>
        <translation>Esc
Back</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Sales</translation>
    </message>
    <message>
        <source>Sales count</source>
        <translation>Sales count</translation>
    </message>
    <message>
        <source>Sales total</source>
        <translation>Sales total</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>Returns</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>Voids</translation>
    </message>
    <message>
        <source>Net sales</source>
        <translation>Net sales</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>Items sold</source>
        <translation>Items sold</translation>
    </message>
    <message>
        <source>tax incl.</source>
        <translation>tax incl.</translation>
    </message>
    <message>
        <source>tax excl.</source>
        <translation>tax excl.</translation>
    </message>
    <message>
        <source>%1 taxable</source>
        <translation>%1 taxable</translation>
    </message>
    <message>
        <source>%1 (tax %2)</source>
        <translation>%1 (tax %2)</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Payments</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Cash drawer</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>Float</translation>
    </message>
    <message>
        <source>Cash sales</source>
        <translation>Cash sales</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>Cash in</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Cash out</translation>
    </message>
    <message>
        <source>Cash refunds</source>
        <translation>Cash refunds</translation>
    </message>
    <message>
        <source>Expected in drawer</source>
        <translation>Expected in drawer</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Counted</translation>
    </message>
    <message>
        <source>Over/short</source>
        <translation>Over/short</translation>
    </message>
    <message>
        <source>Business date %1, period %2</source>
        <translation>Business date %1, period %2</translation>
    </message>
    <message>
        <source>Expected %1, counted %2, over/short %3</source>
        <translation>Expected %1, counted %2, over/short %3</translation>
    </message>
    <message>
        <source>X report printed.</source>
        <translation>X report printed.</translation>
    </message>
    <message>
        <source>Z report taken. The period is settled.</source>
        <translation>Z report taken. The period is settled.</translation>
    </message>
</context>
<context>
    <name>ReturnsScreen</name>
    <message>
        <source>Void, return and exchange</source>
        <translation>Void, return and exchange</translation>
    </message>
    <message>
        <source>Receipt barcode or number</source>
        <translation>Receipt barcode or number</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Sold</translation>
    </message>
    <message>
        <source>Returnable</source>
        <translation>Returnable</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Void whole sale</source>
        <translation>Void whole sale</translation>
    </message>
    <message>
        <source>Return selected</source>
        <translation>Return selected</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>Exchange</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Esc
Back</source>
        <translation>Esc
Back</translation>
    </message>
    <message>
        <source>Scan the barcode on the receipt, or type its number and press Enter.</source>
        <translation>Scan the barcode on the receipt, or type its number and press Enter.</translation>
    </message>
    <message>
        <source>Receipt No. %1  %2  total %3</source>
        <translation>Receipt No. %1  %2  total %3</translation>
    </message>
    <message>
        <source>(voided)</source>
        <translation>(voided)</translation>
    </message>
    <message>
        <source>Recorded: %1 %2</source>
        <translation>Recorded: %1 %2</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Set the quantity to return on at least one line.</source>
        <translation>Set the quantity to return on at least one line.</translation>
    </message>
    <message>
        <source>Receipt reprinted.</source>
        <translation>Receipt reprinted.</translation>
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
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Store and receipt</source>
        <translation>Store and receipt</translation>
    </message>
    <message>
        <source>Store code</source>
        <translation>Store code</translation>
    </message>
    <message>
        <source>Store name</source>
        <translation>Store name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Registration number (T + 13 digits)</source>
        <translation>Registration number (T + 13 digits)</translation>
    </message>
    <message>
        <source>Business day starts at (HH:MM)</source>
        <translation>Business day starts at (HH:MM)</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <source>Tax rounding</source>
        <translation>Tax rounding</translation>
    </message>
    <message>
        <source>Round down</source>
        <translation>Round down</translation>
    </message>
    <message>
        <source>Round half up</source>
        <translation>Round half up</translation>
    </message>
    <message>
        <source>Round up</source>
        <translation>Round up</translation>
    </message>
    <message>
        <source>Receipt header</source>
        <translation>Receipt header</translation>
    </message>
    <message>
        <source>Receipt footer</source>
        <translation>Receipt footer</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Esc
Back</source>
        <translation>Esc
Back</translation>
    </message>
    <message>
        <source>This backend cannot save store settings yet; edit openregi.toml.</source>
        <translation>This backend cannot save store settings yet; edit openregi.toml.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Settings saved.</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Staff code</source>
        <translation>Staff code</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Terminal is open.</source>
        <translation>Terminal is open.</translation>
    </message>
    <message>
        <source>Terminal is closed. Sign in to open it.</source>
        <translation>Terminal is closed. Sign in to open it.</translation>
    </message>
    <message>
        <source>Z report taken. Sign in to open the next period or close.</source>
        <translation>Z report taken. Sign in to open the next period or close.</translation>
    </message>
    <message>
        <source>Enter your staff code and PIN.</source>
        <translation>Enter your staff code and PIN.</translation>
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
    <name>StoreTierBox</name>
    <message>
        <source>Store server (MongoDB) and Dapr</source>
        <translation>Store server (MongoDB) and Dapr</translation>
    </message>
    <message>
        <source>Connection URL</source>
        <translation>Connection URL</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Tenant (chain code)</source>
        <translation>Tenant (chain code)</translation>
    </message>
    <message>
        <source>Use TLS</source>
        <translation>Use TLS</translation>
    </message>
    <message>
        <source>Dapr sidecar</source>
        <translation>Dapr sidecar</translation>
    </message>
    <message>
        <source>Use Dapr (sharing suspended sales and events)</source>
        <translation>Use Dapr (sharing suspended sales and events)</translation>
    </message>
    <message>
        <source>Dapr HTTP port (empty: default)</source>
        <translation>Dapr HTTP port (empty: default)</translation>
    </message>
    <message>
        <source>Dapr gRPC port (empty: default)</source>
        <translation>Dapr gRPC port (empty: default)</translation>
    </message>
    <message>
        <source>Save store server settings</source>
        <translation>Save store server settings</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Not configured: this terminal works on its own.</source>
        <translation>Not configured: this terminal works on its own.</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>%1, %2 waiting to send</source>
        <translation>%1, %2 waiting to send</translation>
    </message>
    <message>
        <source>Settings saved. Restart the register to use them.</source>
        <translation>Settings saved. Restart the register to use them.</translation>
    </message>
    <message>
        <source>Settings saved and in use.</source>
        <translation>Settings saved and in use.</translation>
    </message>
    <message>
        <source>Testing the connection...</source>
        <translation>Testing the connection...</translation>
    </message>
    <message>
        <source>Connection succeeded (server version %1, %2 ms).</source>
        <translation>Connection succeeded (server version %1, %2 ms).</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>Connection failed: %1</translation>
    </message>
</context>
<context>
    <name>SuspendedDialog</name>
    <message>
        <source>Resume a suspended sale</source>
        <translation>Resume a suspended sale</translation>
    </message>
    <message>
        <source>Choose a sale and press Enter.</source>
        <translation>Choose a sale and press Enter.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>%1 items  %2  staff %3</source>
        <translation>%1 items  %2  staff %3</translation>
    </message>
    <message>
        <source>This register: %1</source>
        <translation>This register: %1</translation>
    </message>
    <message>
        <source>Register %1: %2</source>
        <translation>Register %1: %2</translation>
    </message>
    <message>
        <source>Sales suspended on other registers cannot be read now: %1</source>
        <translation>Sales suspended on other registers cannot be read now: %1</translation>
    </message>
    <message>
        <source>There are no suspended sales.</source>
        <translation>There are no suspended sales.</translation>
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
        <source>tax incl.</source>
        <translation>tax incl.</translation>
    </message>
    <message>
        <source>tax excl.</source>
        <translation>tax excl.</translation>
    </message>
    <message>
        <source>%1 taxable %2  tax %3</source>
        <translation>%1 taxable %2  tax %3</translation>
    </message>
</context>
</TS>