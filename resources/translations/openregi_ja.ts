<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Supervisor approval</source>
        <translation>責任者承認</translation>
    </message>
    <message>
        <source>Supervisor code</source>
        <translation>責任者コード</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>暗証番号</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Enter the supervisor code and PIN.</source>
        <translation>責任者コードと暗証番号を入力してください。</translation>
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
        <translation>品名</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>単価</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>値引</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>%1 (voided)</source>
        <translation>%1（取消）</translation>
    </message>
    <message>
        <source>%1 (price changed)</source>
        <translation>%1（売価変更）</translation>
    </message>
</context>
<context>
    <name>CashDialog</name>
    <message>
        <source>Cash in</source>
        <translation>入金</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>出金</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>登録</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Amount (yen)</source>
        <translation>金額（円）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Enter an amount above 0 yen.</source>
        <translation>1円以上の金額を入力してください。</translation>
    </message>
    <message>
        <source>Choose a reason.</source>
        <translation>理由を選んでください。</translation>
    </message>
</context>
<context>
    <name>CompletionScreen</name>
    <message>
        <source>Sale complete</source>
        <translation>お会計完了</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>お釣り</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>レシート</translation>
    </message>
    <message>
        <source>Next customer (Enter)</source>
        <translation>次のお客様（Enter）</translation>
    </message>
    <message>
        <source>Total %1, received %2. Receipt No. %3</source>
        <translation>合計 %1、お預り %2。レシート No. %3</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>お釣り %1</translation>
    </message>
    <message>
        <source>Thank you very much</source>
        <translation>ありがとうございました</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>いらっしゃいませ</translation>
    </message>
    <message>
        <source>Paid %1  Due %2</source>
        <translation>お預り %1  残り %2</translation>
    </message>
</context>
<context>
    <name>DenominationCount</name>
    <message>
        <source>Pieces</source>
        <translation>枚数</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
</context>
<context>
    <name>DeviceSettingsBox</name>
    <message>
        <source>Devices</source>
        <translation>機器</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>レシートプリンタ</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>キャッシュドロア</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>スキャナ</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>カスタマーディスプレイ</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>テスト印字</translation>
    </message>
    <message>
        <source>Open drawer</source>
        <translation>ドロアを開く</translation>
    </message>
    <message>
        <source>Check status</source>
        <translation>状態を確認</translation>
    </message>
    <message>
        <source>Show test message</source>
        <translation>テスト表示</translation>
    </message>
    <message>
        <source>Use this device</source>
        <translation>この機器を使用する</translation>
    </message>
    <message>
        <source>Save device settings</source>
        <translation>機器設定を保存</translation>
    </message>
    <message>
        <source>Print held receipts again</source>
        <translation>保留中のレシートを再印刷</translation>
    </message>
    <message>
        <source>Command set</source>
        <translation>コマンド体系</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>接続方法</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>シリアルポート</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>通信速度（bps）</translation>
    </message>
    <message>
        <source>Flow control</source>
        <translation>フロー制御</translation>
    </message>
    <message>
        <source>Network address</source>
        <translation>IP アドレス</translation>
    </message>
    <message>
        <source>Network port</source>
        <translation>ポート番号</translation>
    </message>
    <message>
        <source>Device file</source>
        <translation>デバイスファイル</translation>
    </message>
    <message>
        <source>Printer name in Windows</source>
        <translation>Windows のプリンタ名</translation>
    </message>
    <message>
        <source>USB vendor ID (hexadecimal)</source>
        <translation>USB ベンダー ID（16 進数）</translation>
    </message>
    <message>
        <source>USB product ID (hexadecimal)</source>
        <translation>USB 製品 ID（16 進数）</translation>
    </message>
    <message>
        <source>Paper width (mm)</source>
        <translation>用紙幅（mm）</translation>
    </message>
    <message>
        <source>Characters per line</source>
        <translation>1 行の文字数（半角）</translation>
    </message>
    <message>
        <source>Paper cut</source>
        <translation>用紙カット</translation>
    </message>
    <message>
        <source>Drawer sensor</source>
        <translation>ドロアセンサ</translation>
    </message>
    <message>
        <source>Open-drawer alarm (seconds, 0 = off)</source>
        <translation>開放警告（秒、0 = なし）</translation>
    </message>
    <message>
        <source>End of barcode</source>
        <translation>バーコードの終端</translation>
    </message>
    <message>
        <source>Epson ESC/POS, Japanese model</source>
        <translation>エプソン ESC/POS（日本語モデル）</translation>
    </message>
    <message>
        <source>Epson ESC/POS, other models</source>
        <translation>エプソン ESC/POS（海外モデル）</translation>
    </message>
    <message>
        <source>Star Line mode</source>
        <translation>スター ラインモード</translation>
    </message>
    <message>
        <source>StarPRNT</source>
        <translation>スター StarPRNT</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>テキストのみ</translation>
    </message>
    <message>
        <source>Simulator (no hardware)</source>
        <translation>シミュレータ（機器なし）</translation>
    </message>
    <message>
        <source>Network (LAN)</source>
        <translation>ネットワーク（LAN）</translation>
    </message>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>Windows printer (spooler)</source>
        <translation>Windows プリンタ（スプーラー）</translation>
    </message>
    <message>
        <source>Through the printer</source>
        <translation>プリンタ経由</translation>
    </message>
    <message>
        <source>Keyboard (wedge)</source>
        <translation>キーボード（ウェッジ）</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
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
        <translation>パーシャルカット</translation>
    </message>
    <message>
        <source>Full cut</source>
        <translation>フルカット</translation>
    </message>
    <message>
        <source>Open when the signal is high</source>
        <translation>信号 High で開</translation>
    </message>
    <message>
        <source>Open when the signal is low</source>
        <translation>信号 Low で開</translation>
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
        <translation>機器設定を保存し、機器を再起動しました。</translation>
    </message>
    <message>
        <source>Not in use</source>
        <translation>使用しない</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>使用可能</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>無効</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未接続</translation>
    </message>
    <message>
        <source>Opened, not enabled</source>
        <translation>オープン済み（未有効）</translation>
    </message>
    <message>
        <source>Claimed, not enabled</source>
        <translation>占有済み（未有効）</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Test page sent to the printer.</source>
        <translation>テストページをプリンタに送りました。</translation>
    </message>
    <message>
        <source>The drawer was opened.</source>
        <translation>ドロアを開きました。</translation>
    </message>
    <message>
        <source>Test message shown on the customer display.</source>
        <translation>カスタマーディスプレイにテスト表示しました。</translation>
    </message>
    <message>
        <source>%1 held receipts sent to the printer again.</source>
        <translation>保留中のレシート %1 件を再度プリンタに送りました。</translation>
    </message>
</context>
<context>
    <name>DeviceStatusBar</name>
    <message>
        <source>Out of paper. Load paper.</source>
        <translation>用紙がありません。用紙をセットしてください。</translation>
    </message>
    <message>
        <source>Printer cover is open. Close the cover.</source>
        <translation>プリンタのカバーが開いています。カバーを閉めてください。</translation>
    </message>
    <message>
        <source>Printer is offline. Check the power and cable.</source>
        <translation>プリンタがオフラインです。電源とケーブルを確認してください。</translation>
    </message>
    <message>
        <source>Printer error. Turn the printer off and on.</source>
        <translation>プリンタエラーです。プリンタの電源を入れ直してください。</translation>
    </message>
    <message>
        <source>Paper is running low. Prepare a new roll.</source>
        <translation>用紙が残りわずかです。新しいロール紙を用意してください。</translation>
    </message>
    <message>
        <source>Drawer is open. Close the drawer.</source>
        <translation>ドロアが開いています。ドロアを閉めてください。</translation>
    </message>
    <message>
        <source>Scan not read. Scan again.</source>
        <translation>読み取れませんでした。もう一度スキャンしてください。</translation>
    </message>
    <message>
        <source>Not connected. Check the cable.</source>
        <translation>接続されていません。ケーブルを確認してください。</translation>
    </message>
    <message>
        <source>Fault: %1</source>
        <translation>異常: %1</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>プリンタ</translation>
    </message>
    <message>
        <source>Drawer</source>
        <translation>ドロア</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>スキャナ</translation>
    </message>
    <message>
        <source>Sync: -</source>
        <translation>本部連携: -</translation>
    </message>
    <message>
        <source>Sync: %1 waiting (%2)</source>
        <translation>本部連携: 未送信 %1 件（%2）</translation>
    </message>
    <message>
        <source>Sync: %1 waiting</source>
        <translation>本部連携: 未送信 %1 件</translation>
    </message>
    <message>
        <source>TRAINING</source>
        <translation>トレーニング</translation>
    </message>
    <message>
        <source>Backend disconnected</source>
        <translation>バックエンドとの接続が切れました</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <source>Finish or cancel the current step, then try again.</source>
        <translation>今の操作を終えるか取り消してから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Select another line.</source>
        <translation>別の明細を選んでください。</translation>
    </message>
    <message>
        <source>Select a line in the list, then try again.</source>
        <translation>一覧から明細を選んで、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Scan an item first.</source>
        <translation>先に商品をスキャンしてください。</translation>
    </message>
    <message>
        <source>Select a payment in the list.</source>
        <translation>一覧から支払を選んでください。</translation>
    </message>
    <message>
        <source>Ask a supervisor to approve with their code and PIN.</source>
        <translation>責任者にコードと暗証番号で承認してもらってください。</translation>
    </message>
    <message>
        <source>Check the supervisor code and PIN, then try again.</source>
        <translation>責任者コードと暗証番号を確認して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Fix the printer, then press Reprint. The sale is saved.</source>
        <translation>プリンタを直してから「再印刷」を押してください。取引は保存されています。</translation>
    </message>
    <message>
        <source>Check the device cable and power, then try again.</source>
        <translation>機器のケーブルと電源を確認して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Check the receipt number, or search the journal.</source>
        <translation>レシート番号を確認するか、電子ジャーナルを検索してください。</translation>
    </message>
    <message>
        <source>Search for another receipt.</source>
        <translation>別のレシートを検索してください。</translation>
    </message>
    <message>
        <source>Ask a supervisor about this item.</source>
        <translation>この商品について責任者に確認してください。</translation>
    </message>
    <message>
        <source>Start a new sale.</source>
        <translation>新しい取引を始めてください。</translation>
    </message>
    <message>
        <source>Tell store IT; the log has the details.</source>
        <translation>店舗のIT担当者に連絡してください。詳細はログにあります。</translation>
    </message>
    <message>
        <source>Try again. If it repeats, restart the app.</source>
        <translation>もう一度お試しください。繰り返す場合はアプリを再起動してください。</translation>
    </message>
</context>
<context>
    <name>ExchangeDialog</name>
    <message>
        <source>Exchange</source>
        <translation>交換</translation>
    </message>
    <message>
        <source>Scan the new items. When they cost more, enter the cash received.</source>
        <translation>交換後の商品をスキャンしてください。差額をいただく場合はお預り金額を入力してください。</translation>
    </message>
    <message>
        <source>Cash received (yen)</source>
        <translation>お預り金額（円）</translation>
    </message>
    <message>
        <source>Record exchange</source>
        <translation>交換を登録</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Scan at least one new item.</source>
        <translation>交換後の商品を1点以上スキャンしてください。</translation>
    </message>
</context>
<context>
    <name>ItemSearchDialog</name>
    <message>
        <source>Item search</source>
        <translation>商品検索</translation>
    </message>
    <message>
        <source>Name or kana</source>
        <translation>品名またはカナ</translation>
    </message>
    <message>
        <source>Type a name, then choose an item with Enter or a tap.</source>
        <translation>品名を入力し、Enter キーかタッチで商品を選んでください。</translation>
    </message>
</context>
<context>
    <name>JournalScreen</name>
    <message>
        <source>Electronic journal</source>
        <translation>電子ジャーナル</translation>
    </message>
    <message>
        <source>Business date</source>
        <translation>営業日</translation>
    </message>
    <message>
        <source>Receipt No.</source>
        <translation>レシート No.</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Esc
Back</source>
        <translation>Esc
戻る</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>レシート</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>担当</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>売上</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>返品</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>交換</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>トレーニング</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>サインアウト</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>開局</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉局</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>入金</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>出金</translation>
    </message>
    <message>
        <source>No sale</source>
        <translation>ノーセール</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>再印刷</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>点検</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>精算</translation>
    </message>
    <message>
        <source>Training mode</source>
        <translation>トレーニングモード</translation>
    </message>
</context>
<context>
    <name>LifecycleFlows</name>
    <message>
        <source>Sale suspended. Resume it with F7.</source>
        <translation>取引を保留しました。F7 で呼び出せます。</translation>
    </message>
    <message>
        <source>Sale suspended and shared with the other registers. Resume it with F7 on any register.</source>
        <translation>取引を保留し、他のレジと共有しました。どのレジでも F7 で呼び出せます。</translation>
    </message>
    <message>
        <source>Sharing the sale with the other registers failed, so it is suspended on this register only. Resume it with F7 on this register.</source>
        <translation>他のレジと共有できなかったため、このレジだけに保留しました。このレジの F7 で呼び出せます。</translation>
    </message>
    <message>
        <source>Finish or suspend the current sale before resuming another.</source>
        <translation>別の取引を呼び出す前に、今の取引を終えるか保留してください。</translation>
    </message>
    <message>
        <source>Recorded %1.</source>
        <translation>%1 を登録しました。</translation>
    </message>
    <message>
        <source>Drawer opened (no sale).</source>
        <translation>ドロアを開けました（ノーセール）。</translation>
    </message>
    <message>
        <source>No receipt on this register yet. Use the journal to find one.</source>
        <translation>このレジにはまだレシートがありません。電子ジャーナルで検索してください。</translation>
    </message>
    <message>
        <source>Receipt reprinted.</source>
        <translation>レシートを再発行しました。</translation>
    </message>
    <message>
        <source>Training mode is on.</source>
        <translation>トレーニングモードを開始しました。</translation>
    </message>
    <message>
        <source>Training mode is off.</source>
        <translation>トレーニングモードを終了しました。</translation>
    </message>
    <message>
        <source>Finish, suspend or cancel the sale before signing out.</source>
        <translation>サインアウトする前に、取引を終えるか、保留または中止してください。</translation>
    </message>
    <message>
        <source>The terminal is closed.</source>
        <translation>閉局しました。</translation>
    </message>
    <message>
        <source>Finish, suspend or cancel the sale before closing.</source>
        <translation>閉局する前に、取引を終えるか、保留または中止してください。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>OpenRegi</source>
        <translation>オープンレジ</translation>
    </message>
    <message>
        <source>TRAINING MODE - receipts are not valid</source>
        <translation>トレーニングモード ― レシートは無効です</translation>
    </message>
    <message>
        <source>%1  Register %2</source>
        <translation>%1  レジ %2</translation>
    </message>
    <message>
        <source>Staff: %1</source>
        <translation>担当: %1</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未サインイン</translation>
    </message>
    <message>
        <source>Business date %1  |  %2</source>
        <translation>営業日 %1  |  %2</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>Cash in</source>
        <translation>入金</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>出金</translation>
    </message>
    <message>
        <source>Open drawer (no sale)</source>
        <translation>ドロア開放（ノーセール）</translation>
    </message>
    <message>
        <source>X report (read)</source>
        <translation>点検（X）</translation>
    </message>
    <message>
        <source>Z report (settle)</source>
        <translation>精算（Z）</translation>
    </message>
    <message>
        <source>Reprint last receipt</source>
        <translation>直前のレシート再発行</translation>
    </message>
    <message>
        <source>Void / return / exchange</source>
        <translation>取消・返品・交換</translation>
    </message>
    <message>
        <source>Electronic journal</source>
        <translation>電子ジャーナル</translation>
    </message>
    <message>
        <source>Training mode off</source>
        <translation>トレーニング終了</translation>
    </message>
    <message>
        <source>Training mode on</source>
        <translation>トレーニング開始</translation>
    </message>
    <message>
        <source>Settings (store IT)</source>
        <translation>設定（IT担当）</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>サインアウト</translation>
    </message>
    <message>
        <source>Close the terminal</source>
        <translation>閉局</translation>
    </message>
    <message>
        <source>Back to sale</source>
        <translation>売上登録に戻る</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>業務メニュー</translation>
    </message>
</context>
<context>
    <name>NumPad</name>
    <message>
        <source>Enter</source>
        <translation>確定</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
</context>
<context>
    <name>NumberDialog</name>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Enter a whole number from 0 to %1.</source>
        <translation>0〜%1 の整数を入力してください。</translation>
    </message>
</context>
<context>
    <name>OpenTerminalScreen</name>
    <message>
        <source>Open the terminal</source>
        <translation>開局</translation>
    </message>
    <message>
        <source>Count the float (change fund) in the drawer by denomination, then press Open.</source>
        <translation>ドロアの釣銭準備金を金種ごとに数えて入力し、「開局」を押してください。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>開局</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>サインアウト</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <source>Payment</source>
        <translation>お支払い</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>お預り</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>残り</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>お釣り</translation>
    </message>
    <message>
        <source>Payments taken</source>
        <translation>受け取った支払</translation>
    </message>
    <message>
        <source>Amount received (Enter = cash)</source>
        <translation>お預り金額（Enter = 現金）</translation>
    </message>
    <message>
        <source>Exact
(F9)</source>
        <translation>現計
(F9)</translation>
    </message>
    <message>
        <source>Esc
Back to items</source>
        <translation>Esc
商品登録に戻る</translation>
    </message>
    <message>
        <source>F4
Subtotal discount ¥</source>
        <translation>F4
小計値引</translation>
    </message>
    <message>
        <source>F5
Subtotal discount %</source>
        <translation>F5
小計割引</translation>
    </message>
    <message>
        <source>Remove payment</source>
        <translation>支払取消</translation>
    </message>
    <message>
        <source>F10
Complete</source>
        <translation>F10
会計</translation>
    </message>
    <message>
        <source>Subtotal discount %1</source>
        <translation>小計値引 %1</translation>
    </message>
    <message>
        <source>change %1</source>
        <translation>お釣り %1</translation>
    </message>
    <message>
        <source>Type the amount received, or press a payment key.</source>
        <translation>お預り金額を入力するか、支払キーを押してください。</translation>
    </message>
    <message>
        <source>Nothing is due. Press Complete.</source>
        <translation>残りはありません。「会計」を押してください。</translation>
    </message>
    <message>
        <source>Subtotal discount in yen</source>
        <translation>小計値引額（円）</translation>
    </message>
    <message>
        <source>Subtotal discount in percent (1-100)</source>
        <translation>小計割引率（1〜100%）</translation>
    </message>
    <message>
        <source>Subtotal discount</source>
        <translation>小計値引</translation>
    </message>
    <message>
        <source>Remove the payments first to go back to items.</source>
        <translation>商品登録に戻るには、先に支払を取り消してください。</translation>
    </message>
</context>
<context>
    <name>ReportScreen</name>
    <message>
        <source>X report (read only)</source>
        <translation>点検（X レポート）</translation>
    </message>
    <message>
        <source>Z report (settle)</source>
        <translation>精算（Z）</translation>
    </message>
    <message>
        <source>Count the cash in the drawer by denomination, then press Take Z report.</source>
        <translation>ドロアの現金を金種ごとに数えて入力し、「精算する」を押してください。</translation>
    </message>
    <message>
        <source>Print X report</source>
        <translation>点検レポート印刷</translation>
    </message>
    <message>
        <source>Take Z report</source>
        <translation>精算する</translation>
    </message>
    <message>
        <source>Esc
Back</source>
        <translation>Esc
戻る</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>売上</translation>
    </message>
    <message>
        <source>Sales count</source>
        <translation>売上件数</translation>
    </message>
    <message>
        <source>Sales total</source>
        <translation>売上合計</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>返品</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Net sales</source>
        <translation>純売上</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>消費税</translation>
    </message>
    <message>
        <source>Items sold</source>
        <translation>販売点数</translation>
    </message>
    <message>
        <source>tax incl.</source>
        <translation>内税</translation>
    </message>
    <message>
        <source>tax excl.</source>
        <translation>外税</translation>
    </message>
    <message>
        <source>%1 taxable</source>
        <translation>%1対象</translation>
    </message>
    <message>
        <source>%1 (tax %2)</source>
        <translation>%1（税 %2）</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>支払方法別</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>ドロア現金</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>釣銭準備金</translation>
    </message>
    <message>
        <source>Cash sales</source>
        <translation>現金売上</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>入金</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>出金</translation>
    </message>
    <message>
        <source>Cash refunds</source>
        <translation>現金返金</translation>
    </message>
    <message>
        <source>Expected in drawer</source>
        <translation>ドロア内の予定額</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>実在高</translation>
    </message>
    <message>
        <source>Over/short</source>
        <translation>過不足</translation>
    </message>
    <message>
        <source>Business date %1, period %2</source>
        <translation>営業日 %1、精算回数 %2</translation>
    </message>
    <message>
        <source>Expected %1, counted %2, over/short %3</source>
        <translation>予定額 %1、実在高 %2、過不足 %3</translation>
    </message>
    <message>
        <source>X report printed.</source>
        <translation>点検レポートを印刷しました。</translation>
    </message>
    <message>
        <source>Z report taken. The period is settled.</source>
        <translation>精算しました。</translation>
    </message>
</context>
<context>
    <name>ReturnsScreen</name>
    <message>
        <source>Void, return and exchange</source>
        <translation>取消・返品・交換</translation>
    </message>
    <message>
        <source>Receipt barcode or number</source>
        <translation>レシートのバーコードまたは番号</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>品名</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>販売数</translation>
    </message>
    <message>
        <source>Returnable</source>
        <translation>返品可能数</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>返品数</translation>
    </message>
    <message>
        <source>Void whole sale</source>
        <translation>取引取消</translation>
    </message>
    <message>
        <source>Return selected</source>
        <translation>返品する</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>交換</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>再印刷</translation>
    </message>
    <message>
        <source>Esc
Back</source>
        <translation>Esc
戻る</translation>
    </message>
    <message>
        <source>Scan the barcode on the receipt, or type its number and press Enter.</source>
        <translation>レシートのバーコードをスキャンするか、レシート番号を入力して Enter キーを押してください。</translation>
    </message>
    <message>
        <source>Receipt No. %1  %2  total %3</source>
        <translation>レシート No. %1  %2  合計 %3</translation>
    </message>
    <message>
        <source>(voided)</source>
        <translation>（取消済）</translation>
    </message>
    <message>
        <source>Recorded: %1 %2</source>
        <translation>登録しました: %1 %2</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>レシート</translation>
    </message>
    <message>
        <source>Set the quantity to return on at least one line.</source>
        <translation>返品する明細の数量を1以上にしてください。</translation>
    </message>
    <message>
        <source>Receipt reprinted.</source>
        <translation>レシートを再発行しました。</translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>単価</translation>
    </message>
    <message>
        <source>Void line</source>
        <translation>明細取消</translation>
    </message>
    <message>
        <source>Discount ¥</source>
        <translation>値引</translation>
    </message>
    <message>
        <source>Discount %</source>
        <translation>割引</translation>
    </message>
    <message>
        <source>Suspend</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>Cancel sale</source>
        <translation>取引中止</translation>
    </message>
    <message>
        <source>Void/Return</source>
        <translation>取消・返品</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>小計</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>業務メニュー</translation>
    </message>
    <message>
        <source>Item search</source>
        <translation>商品検索</translation>
    </message>
    <message>
        <source>Scan or enter a code</source>
        <translation>スキャンまたはコード入力</translation>
    </message>
    <message>
        <source>Type a quantity, then press ×.</source>
        <translation>数量を入力してから × を押してください。</translation>
    </message>
    <message>
        <source>There is no line to change. Scan an item first.</source>
        <translation>変更する明細がありません。先に商品をスキャンしてください。</translation>
    </message>
    <message>
        <source>New quantity for %1</source>
        <translation>%1 の数量</translation>
    </message>
    <message>
        <source>Price override</source>
        <translation>売価変更</translation>
    </message>
    <message>
        <source>New unit price in yen for %1</source>
        <translation>%1 の新しい単価（円）</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>明細値引</translation>
    </message>
    <message>
        <source>Discount in yen</source>
        <translation>値引額（円）</translation>
    </message>
    <message>
        <source>Discount in percent (1-100)</source>
        <translation>割引率（1〜100%）</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Store and receipt</source>
        <translation>店舗とレシート</translation>
    </message>
    <message>
        <source>Store code</source>
        <translation>店舗コード</translation>
    </message>
    <message>
        <source>Store name</source>
        <translation>店舗名</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Registration number (T + 13 digits)</source>
        <translation>登録番号（T＋13桁）</translation>
    </message>
    <message>
        <source>Business day starts at (HH:MM)</source>
        <translation>営業日の切替時刻（HH:MM）</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>タイムゾーン</translation>
    </message>
    <message>
        <source>Tax rounding</source>
        <translation>消費税の端数処理</translation>
    </message>
    <message>
        <source>Round down</source>
        <translation>切り捨て</translation>
    </message>
    <message>
        <source>Round half up</source>
        <translation>四捨五入</translation>
    </message>
    <message>
        <source>Round up</source>
        <translation>切り上げ</translation>
    </message>
    <message>
        <source>Receipt header</source>
        <translation>レシートのヘッダー</translation>
    </message>
    <message>
        <source>Receipt footer</source>
        <translation>レシートのフッター</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Esc
Back</source>
        <translation>Esc
戻る</translation>
    </message>
    <message>
        <source>This backend cannot save store settings yet; edit openregi.toml.</source>
        <translation>このバックエンドでは店舗設定を保存できません。openregi.toml を編集してください。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>設定を保存しました。</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Staff code</source>
        <translation>担当者コード</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>暗証番号</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Terminal is open.</source>
        <translation>レジは開局中です。</translation>
    </message>
    <message>
        <source>Terminal is closed. Sign in to open it.</source>
        <translation>レジは閉局中です。サインインして開局してください。</translation>
    </message>
    <message>
        <source>Z report taken. Sign in to open the next period or close.</source>
        <translation>精算済みです。サインインして次の営業を開局するか、閉局してください。</translation>
    </message>
    <message>
        <source>Enter your staff code and PIN.</source>
        <translation>担当者コードと暗証番号を入力してください。</translation>
    </message>
</context>
<context>
    <name>Splash</name>
    <message>
        <source>OpenRegi</source>
        <translation>オープンレジ</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Starting the backend...</source>
        <translation>バックエンドを起動しています…</translation>
    </message>
    <message>
        <source>Opening the terminal store...</source>
        <translation>端末データを開いています…</translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation>接続しています…</translation>
    </message>
</context>
<context>
    <name>StoreTierBox</name>
    <message>
        <source>Store server (MongoDB) and Dapr</source>
        <translation>店舗サーバー（MongoDB）と Dapr</translation>
    </message>
    <message>
        <source>Connection URL</source>
        <translation>接続 URL</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>データベース</translation>
    </message>
    <message>
        <source>Tenant (chain code)</source>
        <translation>テナント（チェーンコード）</translation>
    </message>
    <message>
        <source>Use TLS</source>
        <translation>TLS を使用する</translation>
    </message>
    <message>
        <source>Dapr sidecar</source>
        <translation>Dapr サイドカー</translation>
    </message>
    <message>
        <source>Use Dapr (sharing suspended sales and events)</source>
        <translation>Dapr を使用する（保留取引とイベントの共有）</translation>
    </message>
    <message>
        <source>Dapr HTTP port (empty: default)</source>
        <translation>Dapr HTTP ポート（空欄: 既定値）</translation>
    </message>
    <message>
        <source>Dapr gRPC port (empty: default)</source>
        <translation>Dapr gRPC ポート（空欄: 既定値）</translation>
    </message>
    <message>
        <source>Save store server settings</source>
        <translation>店舗サーバー設定を保存</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>接続テスト</translation>
    </message>
    <message>
        <source>Not configured: this terminal works on its own.</source>
        <translation>未設定: このレジ単独で動作しています。</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未接続</translation>
    </message>
    <message>
        <source>%1, %2 waiting to send</source>
        <translation>%1、未送信 %2 件</translation>
    </message>
    <message>
        <source>Settings saved. Restart the register to use them.</source>
        <translation>設定を保存しました。反映するにはレジを再起動してください。</translation>
    </message>
    <message>
        <source>Settings saved and in use.</source>
        <translation>設定を保存し、反映しました。</translation>
    </message>
    <message>
        <source>Testing the connection...</source>
        <translation>接続をテストしています…</translation>
    </message>
    <message>
        <source>Connection succeeded (server version %1, %2 ms).</source>
        <translation>接続できました（サーババージョン %1、%2 ミリ秒）。</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>接続できません: %1</translation>
    </message>
</context>
<context>
    <name>SuspendedDialog</name>
    <message>
        <source>Resume a suspended sale</source>
        <translation>保留取引の呼出</translation>
    </message>
    <message>
        <source>Choose a sale and press Enter.</source>
        <translation>取引を選んで Enter キーを押してください。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>%1 items  %2  staff %3</source>
        <translation>%1点  %2  担当 %3</translation>
    </message>
    <message>
        <source>This register: %1</source>
        <translation>このレジ: %1</translation>
    </message>
    <message>
        <source>Register %1: %2</source>
        <translation>レジ %1: %2</translation>
    </message>
    <message>
        <source>Sales suspended on other registers cannot be read now: %1</source>
        <translation>他のレジの保留取引を読み込めません: %1</translation>
    </message>
    <message>
        <source>There are no suspended sales.</source>
        <translation>保留中の取引はありません。</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>TotalsPanel</name>
    <message>
        <source>Items</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>※ reduced tax rate (8%)</source>
        <translation>※は軽減税率（8%）対象</translation>
    </message>
    <message>
        <source>tax incl.</source>
        <translation>内税</translation>
    </message>
    <message>
        <source>tax excl.</source>
        <translation>外税</translation>
    </message>
    <message>
        <source>%1 taxable %2  tax %3</source>
        <translation>%1対象 %2  税 %3</translation>
    </message>
</context>
</TS>
