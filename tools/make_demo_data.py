"""Generate the demo store under resources/demo/ (deterministic, so the output is committed).

Usage:
    python tools/make_demo_data.py            # rewrite resources/demo/
    python tools/make_demo_data.py --check    # exit 1 if the committed files differ
    python tools/make_demo_data.py --output DIR

Item names and prices are typical of a Japanese supermarket. JAN codes are random numbers
from a fixed seed, with the 45 or 49 prefix and a correct check digit. They are not copied
from real products, but one may match a real product by chance. Items sold without a
barcode (bakery, deli, loose vegetables, stamps) get 13-digit in-store codes starting with
21. Python documents only random() as reproducible for a seed across versions. Should
randrange or choice change, --check reports it and the regenerated files get new codes.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import random
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY_ROOT))

from backend.domain.gtin import gtin_check_digit  # noqa: E402
from backend.domain.master import is_valid_registration_number  # noqa: E402

SEED = 20240401
DEFAULT_OUTPUT = REPOSITORY_ROOT / "resources" / "demo"
REGISTRATION_NUMBER = "T6012345678901"

CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("01", "おにぎり・弁当", "オニギリ ベントウ"),
    ("02", "パン", "パン"),
    ("03", "惣菜", "ソウザイ"),
    ("04", "野菜・果物", "ヤサイ クダモノ"),
    ("05", "日配・乳製品", "ニッパイ ニュウセイヒン"),
    ("06", "冷凍食品", "レイトウショクヒン"),
    ("07", "菓子", "カシ"),
    ("08", "飲料", "インリョウ"),
    ("09", "食品・調味料", "ショクヒン チョウミリョウ"),
    ("10", "酒類", "サケルイ"),
    ("11", "日用品", "ニチヨウヒン"),
    ("12", "文具", "ブング"),
    ("13", "切手・印紙", "キッテ インシ"),
)

Entry = tuple[str, str, int]  # (name, kana, price in yen)


@dataclass(frozen=True)
class Group:
    """Items of one category sharing a tax class, price mode and kind of code."""

    category: str
    tax_class: str
    price_mode: str
    in_store: bool
    entries: tuple[Entry, ...]
    preset_page: int | None = None


ONIGIRI: tuple[Entry, ...] = tuple(
    (f"おにぎり {name}", f"オニギリ {kana}", price)
    for name, kana, price in (
        ("鮭", "サケ", 150),
        ("紀州梅", "キシュウウメ", 140),
        ("ツナマヨネーズ", "ツナマヨネーズ", 140),
        ("昆布", "コンブ", 130),
        ("おかか", "オカカ", 130),
        ("明太子", "メンタイコ", 160),
        ("紅しゃけ", "ベニシャケ", 180),
        ("焼きたらこ", "ヤキタラコ", 160),
        ("高菜", "タカナ", 140),
        ("鶏五目", "トリゴモク", 150),
        ("赤飯", "セキハン", 150),
        ("焼肉", "ヤキニク", 170),
        ("いくら醤油漬", "イクラショウユヅケ", 260),
        ("塩むすび", "シオムスビ", 120),
        ("辛子明太子マヨ", "カラシメンタイコマヨ", 160),
    )
)

BENTO: tuple[Entry, ...] = (
    ("幕の内弁当", "マクノウチベントウ", 598),
    ("のり弁当", "ノリベントウ", 430),
    ("鶏の唐揚げ弁当", "トリノカラアゲベントウ", 550),
    ("豚の生姜焼き弁当", "ブタノショウガヤキベントウ", 580),
    ("ハンバーグ弁当", "ハンバーグベントウ", 598),
    ("焼鮭弁当", "ヤキサケベントウ", 540),
    ("焼肉弁当", "ヤキニクベントウ", 650),
    ("ロースかつ丼", "ロースカツドン", 598),
    ("親子丼", "オヤコドン", 520),
    ("牛丼", "ギュウドン", 480),
    ("チキン南蛮弁当", "チキンナンバンベントウ", 598),
    ("中華丼", "チュウカドン", 520),
    ("サラダ巻", "サラダマキ", 198),
    ("いなり寿司 3個", "イナリズシ", 248),
    ("太巻き", "フトマキ", 398),
    ("ざるそば", "ザルソバ", 398),
    ("冷やし中華", "ヒヤシチュウカ", 450),
)

PACKAGED_BREAD: tuple[Entry, ...] = (
    ("食パン 6枚切", "ショクパン 6マイギリ", 198),
    ("食パン 8枚切", "ショクパン 8マイギリ", 198),
    ("バターロール 6個入", "バターロール", 188),
    ("メロンパン", "メロンパン", 138),
    ("つぶあんパン", "ツブアンパン", 128),
    ("クリームパン", "クリームパン", 128),
    ("いちごジャムパン", "イチゴジャムパン", 128),
    ("チョココロネ", "チョココロネ", 138),
    ("カレーパン", "カレーパン", 158),
    ("焼きそばパン", "ヤキソバパン", 168),
    ("蒸しパン チーズ", "ムシパン チーズ", 128),
    ("デニッシュ りんご", "デニッシュ リンゴ", 158),
    ("イングリッシュマフィン 4個", "イングリッシュマフィン", 228),
    ("ベーグル プレーン", "ベーグル プレーン", 148),
    ("塩バターロール 4個", "シオバターロール", 198),
    ("たまごサンド", "タマゴサンド", 268),
    ("ミックスサンド", "ミックスサンド", 298),
)

BAKERY: tuple[Entry, ...] = (
    ("クロワッサン", "クロワッサン", 160),
    ("塩パン", "シオパン", 130),
    ("焼きカレーパン", "ヤキカレーパン", 200),
    ("メロンパン 店内焼き", "メロンパン テンナイヤキ", 180),
    ("あんバター", "アンバター", 220),
    ("ベーコンエピ", "ベーコンエピ", 260),
    ("バゲット", "バゲット", 280),
    ("チーズフォカッチャ", "チーズフォカッチャ", 240),
    ("シナモンロール", "シナモンロール", 230),
    ("コーンマヨパン", "コーンマヨパン", 190),
    ("明太フランス", "メンタイフランス", 250),
    ("カスタードクリームパン", "カスタードクリームパン", 180),
)

DELI: tuple[Entry, ...] = (
    ("コロッケ", "コロッケ", 80),
    ("メンチカツ", "メンチカツ", 120),
    ("鶏の唐揚げ 100g", "トリノカラアゲ", 198),
    ("ロースとんかつ", "ロースカツ", 298),
    ("アジフライ", "アジフライ", 150),
    ("春巻", "ハルマキ", 98),
    ("焼き鳥 もも", "ヤキトリ モモ", 120),
    ("焼き鳥 ねぎま", "ヤキトリ ネギマ", 120),
    ("ポテトサラダ 100g", "ポテトサラダ", 158),
    ("きんぴらごぼう 100g", "キンピラゴボウ", 158),
    ("ひじき煮 100g", "ヒジキニ", 138),
    ("肉じゃが", "ニクジャガ", 298),
    ("焼き餃子 6個", "ヤキギョウザ", 298),
    ("エビフライ", "エビフライ", 198),
)

PRODUCE: tuple[Entry, ...] = (
    ("キャベツ 1玉", "キャベツ", 198),
    ("玉ねぎ 3個", "タマネギ", 198),
    ("じゃがいも 4個", "ジャガイモ", 198),
    ("にんじん 3本", "ニンジン", 158),
    ("大根 1本", "ダイコン", 158),
    ("きゅうり 3本", "キュウリ", 158),
    ("トマト 1個", "トマト", 98),
    ("レタス 1玉", "レタス", 178),
    ("ほうれん草 1束", "ホウレンソウ", 158),
    ("長ねぎ 2本", "ナガネギ", 158),
    ("もやし 1袋", "モヤシ", 38),
    ("ピーマン 4個", "ピーマン", 128),
    ("なす 3本", "ナス", 198),
    ("ブロッコリー 1株", "ブロッコリー", 198),
    ("バナナ 1房", "バナナ", 198),
    ("りんご 1個", "リンゴ", 158),
    ("みかん 1袋", "ミカン", 398),
    ("しめじ 1パック", "シメジ", 98),
    ("えのき 1袋", "エノキ", 98),
    ("生姜 1パック", "ショウガ", 128),
)

PACKAGED_PRODUCE: tuple[Entry, ...] = (
    ("カット野菜 サラダミックス", "カットヤサイ サラダミックス", 198),
    ("カット野菜 千切りキャベツ", "カットヤサイ センギリキャベツ", 128),
    ("ミニトマト 1パック", "ミニトマト", 298),
    ("カットフルーツ パイン", "カットフルーツ パイン", 298),
)

DAIRY: tuple[Entry, ...] = (
    ("牛乳 1000ml", "ギュウニュウ", 258),
    ("低脂肪牛乳 1000ml", "テイシボウギュウニュウ", 218),
    ("牛乳 500ml", "ギュウニュウ", 148),
    ("成分無調整豆乳 1000ml", "セイブンムチョウセイトウニュウ", 248),
    ("調製豆乳 200ml", "チョウセイトウニュウ", 78),
    ("プレーンヨーグルト 400g", "プレーンヨーグルト", 168),
    ("加糖ヨーグルト 4個", "カトウヨーグルト", 158),
    ("のむヨーグルト 900g", "ノムヨーグルト", 248),
    ("スライスチーズ 7枚", "スライスチーズ", 248),
    ("6Pチーズ", "ロクピーチーズ", 198),
    ("バター 200g", "バター", 498),
    ("マーガリン 300g", "マーガリン", 248),
    ("生クリーム 200ml", "ナマクリーム", 298),
    ("鶏卵 Mサイズ 10個", "ケイラン", 268),
    ("絹ごし豆腐", "キヌゴシドウフ", 78),
    ("木綿豆腐", "モメンドウフ", 78),
    ("納豆 3パック", "ナットウ", 98),
    ("油揚げ 2枚", "アブラアゲ", 98),
    ("焼ちくわ 4本", "ヤキチクワ", 128),
    ("紅白かまぼこ", "コウハクカマボコ", 198),
    ("ロースハム 4連", "ロースハム", 298),
    ("あらびきウインナー 2袋", "アラビキウインナー", 398),
    ("ハーフベーコン 4連", "ハーフベーコン", 298),
)

FROZEN: tuple[Entry, ...] = (
    ("冷凍餃子 12個", "レイトウギョウザ", 248),
    ("冷凍チャーハン 450g", "レイトウチャーハン", 348),
    ("冷凍さぬきうどん 5食", "レイトウサヌキウドン", 298),
    ("冷凍ピザ マルゲリータ", "レイトウピザ マルゲリータ", 398),
    ("冷凍若鶏から揚げ 300g", "レイトウワカドリカラアゲ", 398),
    ("冷凍えびピラフ 450g", "レイトウエビピラフ", 348),
    ("冷凍たこ焼き 20個", "レイトウタコヤキ", 398),
    ("冷凍ミックスベジタブル", "レイトウミックスベジタブル", 248),
    ("冷凍ブロッコリー", "レイトウブロッコリー", 198),
    ("冷凍枝豆", "レイトウエダマメ", 198),
    ("冷凍パスタ ミートソース", "レイトウパスタ ミートソース", 298),
    ("冷凍ハンバーグ 4個", "レイトウハンバーグ", 398),
    ("アイス バニラカップ", "アイス バニラカップ", 150),
    ("アイス チョコモナカ", "アイス チョコモナカ", 160),
    ("アイス ソーダバー", "アイス ソーダバー", 80),
    ("アイス 抹茶カップ", "アイス マッチャカップ", 150),
)

CHIPS: tuple[Entry, ...] = (
    ("ポテトチップス うすしお 60g", "ポテトチップス ウスシオ", 158),
    ("ポテトチップス のりしお 60g", "ポテトチップス ノリシオ", 158),
    ("ポテトチップス コンソメ 60g", "ポテトチップス コンソメ", 158),
    ("厚切りポテト 塩 60g", "アツギリポテト シオ", 158),
)

SNACKS: tuple[Entry, ...] = (
    ("ポテトチップス うすしお 135g", "ポテトチップス ウスシオ", 298),
    ("コーンスナック", "コーンスナック", 138),
    ("えびせん", "エビセン", 148),
    ("柿の種 6袋", "カキノタネ", 298),
    ("揚げせんべい", "アゲセンベイ", 238),
    ("しょうゆせんべい", "ショウユセンベイ", 218),
    ("ミルクチョコレート", "ミルクチョコレート", 128),
    ("ハイカカオチョコレート", "ハイカカオチョコレート", 248),
    ("アーモンドチョコレート", "アーモンドチョコレート", 248),
    ("バタークッキー", "バタークッキー", 198),
    ("チョコチップクッキー", "チョコチップクッキー", 228),
    ("ビスケット", "ビスケット", 158),
    ("ウエハース", "ウエハース", 128),
    ("グミ ぶどう", "グミ ブドウ", 128),
    ("グミ レモン", "グミ レモン", 128),
    ("ソフトキャンディ", "ソフトキャンディ", 118),
    ("のど飴", "ノドアメ", 198),
    ("ミントタブレット", "ミントタブレット", 178),
    ("ガム ミント", "ガム ミント", 128),
    ("ボトルガム", "ボトルガム", 548),
    ("ポップコーン 塩", "ポップコーン シオ", 128),
    ("カスタードプリン 3個", "カスタードプリン", 148),
    ("練りようかん", "ネリヨウカン", 128),
    ("どら焼き", "ドラヤキ", 138),
    ("豆大福 2個", "マメダイフク", 198),
    ("みたらし団子 3本", "ミタラシダンゴ", 198),
    ("ミックスナッツ", "ミックスナッツ", 398),
    ("スティックポテト サラダ味", "スティックポテト サラダアジ", 158),
    ("チョコケーキ 6個", "チョコケーキ", 298),
    ("たまごボーロ", "タマゴボーロ", 118),
)

DRINKS: tuple[Entry, ...] = (
    ("緑茶 525ml", "リョクチャ", 138),
    ("緑茶 2L", "リョクチャ", 268),
    ("ほうじ茶 525ml", "ホウジチャ", 138),
    ("ほうじ茶 2L", "ホウジチャ", 268),
    ("麦茶 600ml", "ムギチャ", 128),
    ("麦茶 2L", "ムギチャ", 238),
    ("ウーロン茶 500ml", "ウーロンチャ", 138),
    ("ウーロン茶 2L", "ウーロンチャ", 268),
    ("ジャスミン茶 500ml", "ジャスミンチャ", 138),
    ("玄米茶 500ml", "ゲンマイチャ", 138),
    ("天然水 550ml", "テンネンスイ", 98),
    ("天然水 2L", "テンネンスイ", 138),
    ("炭酸水 500ml", "タンサンスイ", 108),
    ("缶コーヒー ブラック 185g", "カンコーヒー ブラック", 120),
    ("缶コーヒー 微糖 185g", "カンコーヒー ビトウ", 120),
    ("ボトルコーヒー 無糖 500ml", "ボトルコーヒー ムトウ", 158),
    ("カフェオレ 500ml", "カフェオレ", 158),
    ("オレンジジュース 1L", "オレンジジュース", 238),
    ("りんごジュース 1L", "リンゴジュース", 238),
    ("野菜ジュース 200ml", "ヤサイジュース", 98),
    ("スポーツドリンク 500ml", "スポーツドリンク", 158),
    ("スポーツドリンク 2L", "スポーツドリンク", 298),
    ("コーラ 500ml", "コーラ", 168),
    ("サイダー 500ml", "サイダー", 158),
    ("乳酸菌飲料 5本", "ニュウサンキンインリョウ", 218),
    ("ストレートティー 500ml", "ストレートティー", 148),
    ("ミルクティー 500ml", "ミルクティー", 148),
    ("エナジードリンク 250ml", "エナジードリンク", 238),
    # Below 1% alcohol is not liquor under the Liquor Tax Act, so the reduced rate applies.
    ("ノンアルコールビール 350ml", "ノンアルコールビール", 148),
)

GROCERY: tuple[Entry, ...] = (
    ("精米 こしひかり 5kg", "セイマイ コシヒカリ", 2980),
    ("精米 ブレンド米 2kg", "セイマイ ブレンドマイ", 1180),
    ("こいくちしょうゆ 1L", "コイクチショウユ", 298),
    ("合わせみそ 750g", "アワセミソ", 348),
    ("上白糖 1kg", "ジョウハクトウ", 228),
    ("食塩 1kg", "ショクエン", 128),
    ("サラダ油 1000g", "サラダアブラ", 398),
    ("マヨネーズ 450g", "マヨネーズ", 298),
    ("トマトケチャップ 500g", "トマトケチャップ", 228),
    ("みりん風調味料 1L", "ミリンフウチョウミリョウ", 198),
    ("カップ麺 しょうゆ", "カップメン ショウユ", 198),
    ("カップ麺 シーフード", "カップメン シーフード", 198),
    ("カップ焼きそば", "カップヤキソバ", 218),
    ("即席ラーメン 5食", "ソクセキラーメン", 448),
    ("スパゲッティ 500g", "スパゲッティ", 198),
    ("レトルトカレー 中辛", "レトルトカレー チュウカラ", 198),
    ("ツナ缶 3缶", "ツナカン", 398),
    ("薄力粉 1kg", "ハクリキコ", 198),
    ("パン粉 200g", "パンコ", 148),
    ("片栗粉 250g", "カタクリコ", 148),
    ("中濃ソース 500ml", "チュウノウソース", 228),
    ("ぽん酢 360ml", "ポンズ", 248),
    ("めんつゆ 1L", "メンツユ", 348),
    ("顆粒和風だし", "カリュウワフウダシ", 198),
    ("鮭フレーク", "サケフレーク", 158),
    ("焼のり 10枚", "ヤキノリ", 398),
    ("即席みそ汁 10食", "ソクセキミソシル", 298),
    ("カップスープ コーン 3袋", "カップスープ コーン", 228),
    ("コーンフレーク", "コーンフレーク", 248),
    ("はちみつ 250g", "ハチミツ", 598),
    ("いちごジャム", "イチゴジャム", 298),
)

LIQUOR: tuple[Entry, ...] = (
    ("ビール 350ml", "ビール", 228),
    ("ビール 500ml", "ビール", 298),
    ("ビール 350ml 6缶", "ビール 6カン", 1298),
    ("発泡酒 350ml", "ハッポウシュ", 168),
    ("新ジャンル 350ml", "シンジャンル", 148),
    ("新ジャンル 500ml", "シンジャンル", 208),
    ("レモンサワー 350ml", "レモンサワー", 158),
    ("レモンサワー 500ml", "レモンサワー", 208),
    ("チューハイ グレープフルーツ 350ml", "チューハイ グレープフルーツ", 158),
    ("ハイボール 350ml", "ハイボール", 178),
    ("純米酒 720ml", "ジュンマイシュ", 1280),
    ("本醸造酒 1.8L", "ホンジョウゾウシュ", 1980),
    ("カップ酒 180ml", "カップザケ", 298),
    ("麦焼酎 900ml", "ムギジョウチュウ", 1180),
    ("芋焼酎 900ml", "イモジョウチュウ", 1380),
    ("赤ワイン 750ml", "アカワイン", 798),
    ("白ワイン 750ml", "シロワイン", 798),
    ("梅酒 720ml", "ウメシュ", 980),
    # Hon-mirin contains alcohol and is taxed at the standard rate, unlike mirin-style seasoning.
    ("本みりん 500ml", "ホンミリン", 398),
)

HOUSEHOLD: tuple[Entry, ...] = (
    ("洗濯用洗剤 詰替 720g", "センタクヨウセンザイ ツメカエ", 380),
    ("洗濯用洗剤 本体 850g", "センタクヨウセンザイ", 458),
    ("柔軟剤 詰替 480ml", "ジュウナンザイ ツメカエ", 348),
    ("食器用洗剤 240ml", "ショッキヨウセンザイ", 198),
    ("キッチンスポンジ 3個", "キッチンスポンジ", 158),
    ("ティッシュペーパー 5箱", "ティッシュペーパー", 348),
    ("トイレットペーパー 12ロール", "トイレットペーパー", 398),
    ("キッチンペーパー 2ロール", "キッチンペーパー", 198),
    ("ゴミ袋 45L 10枚", "ゴミブクロ", 198),
    ("食品用ラップ 30cm", "ショクヒンヨウラップ", 198),
    ("アルミホイル 25cm", "アルミホイル", 178),
    ("アルカリ乾電池 単3形 4本", "アルカリカンデンチ タン3", 398),
    ("アルカリ乾電池 単4形 4本", "アルカリカンデンチ タン4", 398),
    ("アルカリ乾電池 単1形 2本", "アルカリカンデンチ タン1", 398),
    ("リチウムコイン電池 CR2032", "リチウムコインデンチ", 298),
    ("歯ブラシ ふつう", "ハブラシ フツウ", 158),
    ("歯みがき粉 120g", "ハミガキコ", 298),
    ("シャンプー 詰替", "シャンプー ツメカエ", 498),
    ("ボディソープ 詰替", "ボディソープ ツメカエ", 398),
    ("ハンドソープ", "ハンドソープ", 298),
    ("不織布マスク 30枚", "フショクフマスク", 498),
    ("綿棒 200本", "メンボウ", 148),
    ("使い捨てカイロ 10個", "ツカイステカイロ", 398),
    ("電子ライター", "デンシライター", 128),
    ("軍手", "グンテ", 98),
)

STATIONERY: tuple[Entry, ...] = (
    ("油性ボールペン 黒", "ユセイボールペン クロ", 110),
    ("油性ボールペン 赤", "ユセイボールペン アカ", 110),
    ("3色ボールペン", "サンショクボールペン", 198),
    ("シャープペンシル 0.5mm", "シャープペンシル", 198),
    ("シャープ替芯 0.5mm HB", "シャープカエシン", 110),
    ("消しゴム", "ケシゴム", 98),
    ("キャンパスノート B5 5冊", "ノート B5", 398),
    ("ノート A5", "ノート A5", 128),
    ("付箋 75mm", "フセン", 178),
    ("セロハンテープ 18mm", "セロハンテープ", 148),
    ("スティックのり", "スティックノリ", 128),
    ("はさみ", "ハサミ", 298),
    ("ホッチキス", "ホッチキス", 398),
    ("ホッチキス針 No.10", "ホッチキスハリ", 98),
    ("封筒 長形3号 20枚", "フウトウ ナガガタ3ゴウ", 198),
    ("油性マーカー 黒", "ユセイマーカー クロ", 128),
    ("蛍光ペン 黄", "ケイコウペン キ", 110),
    ("クリアファイル A4 5枚", "クリアファイル", 198),
)

# Postage stamps, postcards, letter packs and revenue stamps sold at face value by a
# licensed seller (郵便切手類販売所, 印紙売りさばき所) are exempt from consumption tax (非課税).
STAMPS: tuple[Entry, ...] = (
    ("郵便切手 110円", "ユウビンキッテ", 110),
    ("郵便切手 85円", "ユウビンキッテ", 85),
    ("郵便はがき", "ユウビンハガキ", 85),
    ("レターパックライト", "レターパックライト", 430),
    ("レターパックプラス", "レターパックプラス", 600),
    ("収入印紙 200円", "シュウニュウインシ", 200),
)

GROUPS: tuple[Group, ...] = (
    Group("01", "reduced", "inclusive", False, ONIGIRI + BENTO),
    Group("02", "reduced", "inclusive", False, PACKAGED_BREAD),
    Group("02", "reduced", "inclusive", True, BAKERY, preset_page=1),
    Group("03", "reduced", "inclusive", True, DELI, preset_page=2),
    Group("04", "reduced", "exclusive", True, PRODUCE, preset_page=3),
    Group("04", "reduced", "inclusive", False, PACKAGED_PRODUCE),
    Group("05", "reduced", "inclusive", False, DAIRY),
    Group("06", "reduced", "inclusive", False, FROZEN),
    Group("07", "reduced", "inclusive", False, CHIPS),
    Group("07", "reduced", "inclusive", False, SNACKS),
    Group("08", "reduced", "inclusive", False, DRINKS[:-1]),
    Group("08", "reduced", "inclusive", False, DRINKS[-1:]),
    Group("09", "reduced", "inclusive", False, GROCERY),
    Group("10", "standard", "inclusive", False, LIQUOR),
    Group("11", "standard", "exclusive", False, HOUSEHOLD),
    Group("12", "standard", "exclusive", False, STATIONERY),
    Group("13", "exempt", "inclusive", True, STAMPS),
)

PRESET_PAGE_NAMES = {1: "パン", 2: "惣菜", 3: "野菜"}

# 4901234567894 is the example JAN of OpenRegi's docs, field cases and scanner tests, so
# the demo sells it (as onigiri) and those examples ring up a real item.
FIXED_CODES = {"おにぎり 鮭": "4901234567894"}

# Items taken off sale, so the demo shows how the register rejects them.
INACTIVE_NAMES = frozenset({"冷やし中華", "使い捨てカイロ 10個"})


@dataclass(frozen=True)
class DemoItem:
    code: str
    name: str
    kana: str
    price: int
    price_mode: str
    tax_class: str
    category: str
    active: bool
    preset_page: int | None


def _jan(prefix: str, body: str) -> str:
    code = prefix + body
    return code + str(gtin_check_digit(code))


def build_items(rng: random.Random) -> list[DemoItem]:
    """Give every entry a code: JAN for packaged goods, in-store code for the rest."""
    items: list[DemoItem] = []
    used: set[str] = set()
    in_store_number = 0
    for group in GROUPS:
        # One made-up manufacturer prefix (45/49 + 5 digits) per group, as goods of one
        # maker share their GS1 company prefix.
        maker = rng.choice(("45", "49")) + f"{rng.randrange(10**5):05d}"
        for name, kana, price in group.entries:
            if group.in_store:
                in_store_number += 1
                code = _jan("21", f"{int(group.category):02d}{in_store_number:08d}")
            else:
                code = _jan(maker, f"{rng.randrange(10**5):05d}")
                code = FIXED_CODES.get(name, code)
                while code in used:
                    code = _jan(maker, f"{rng.randrange(10**5):05d}")
            used.add(code)
            items.append(
                DemoItem(
                    code=code,
                    name=name,
                    kana=kana,
                    price=price,
                    price_mode=group.price_mode,
                    tax_class=group.tax_class,
                    category=group.category,
                    active=name not in INACTIVE_NAMES,
                    preset_page=group.preset_page,
                )
            )
    return items


def render_categories_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("code", "name", "name_kana", "sort_order"))
    for position, (code, name, kana) in enumerate(CATEGORIES, start=1):
        writer.writerow((code, name, kana, position * 10))
    return buffer.getvalue()


def render_items_csv(items: Sequence[DemoItem]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ("code", "name", "name_kana", "price", "price_mode", "tax_class", "category_code", "active")
    )
    for item in items:
        writer.writerow(
            (
                item.code,
                item.name,
                item.kana,
                item.price,
                item.price_mode,
                item.tax_class,
                item.category,
                1 if item.active else 0,
            )
        )
    return buffer.getvalue()


def _toml_value(value: object) -> str:
    # JSON strings, integers and arrays of them are also valid TOML values.
    return json.dumps(value, ensure_ascii=False)


def _array_of_tables(name: str, rows: Sequence[Mapping[str, object]]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        lines += ["", f"[[{name}]]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in row.items()]
    return lines


STORE_SETTINGS: dict[str, object] = {
    "store_code": "0001",
    "name": "オープンレジ 見本町店",
    "address": "東京都千代田区見本町1-2-3",
    "phone": "03-0000-0000",
    "registration_number": REGISTRATION_NUMBER,
    "receipt_header": ["いつもご来店ありがとうございます"],
    "receipt_footer": [
        "レシートは大切に保管してください",
        "返品・交換の際はレシートをお持ちください",
    ],
    "rounding_mode": "floor",
    "discount_rounding_mode": "floor",
    "business_day_cutover": "05:00",
    "time_zone": "Asia/Tokyo",
    "cashier_discount_limit_percent": 10,
}

TAX_RATES = (
    {"tax_class": "standard", "effective_from": "2014-04-01", "rate_percent": "8"},
    {"tax_class": "standard", "effective_from": "2019-10-01", "rate_percent": "10"},
    {"tax_class": "reduced", "effective_from": "2019-10-01", "rate_percent": "8"},
    {"tax_class": "exempt", "effective_from": "1989-04-01", "rate_percent": "0"},
)

TENDERS = (
    {"code": "cash", "name": "現金", "kind": "cash", "sort_order": 10},
    {"code": "credit", "name": "クレジット", "kind": "cashless", "sort_order": 20},
    {"code": "emoney", "name": "電子マネー", "kind": "cashless", "sort_order": 30},
    {"code": "qr", "name": "QR決済", "kind": "cashless", "sort_order": 40},
    {"code": "voucher", "name": "商品券", "kind": "voucher", "sort_order": 50},
)

STAFF = (
    {"code": "1001", "name": "山田 花子", "role": "cashier", "pin": "1234"},
    {"code": "9001", "name": "佐藤 健", "role": "supervisor", "pin": "9999"},
    {"code": "9901", "name": "鈴木 一郎", "role": "manager", "pin": "0000"},
)


def render_store_toml() -> str:
    if not is_valid_registration_number(REGISTRATION_NUMBER):
        raise SystemExit(f"{REGISTRATION_NUMBER} has an invalid check digit")
    lines = [
        "# OpenRegi demo store, generated by tools/make_demo_data.py; edit the generator, not this file.",
        "# The staff PINs are demo values, hashed when the store is loaded.",
        "",
        "[settings]",
    ]
    lines += [f"{key} = {_toml_value(value)}" for key, value in STORE_SETTINGS.items()]
    lines += ["", "[settings.extra]", 'allow_in_store_codes = "true"']
    lines += _array_of_tables("tax_rates", TAX_RATES)
    lines += _array_of_tables("tenders", TENDERS)
    lines += _array_of_tables("staff", STAFF)
    return "\n".join(lines) + "\n"


def _short_label(name: str) -> str:
    """Cut a preset-key label at the first space, e.g. "キャベツ 1玉" -> "キャベツ"."""
    return name.split(" ")[0]


def render_presets_json(items: Sequence[DemoItem]) -> str:
    pages = []
    for page, page_name in PRESET_PAGE_NAMES.items():
        keys = [
            {"position": position, "code": item.code, "label": _short_label(item.name)}
            for position, item in enumerate((item for item in items if item.preset_page == page), start=1)
        ]
        pages.append({"page": page, "name": page_name, "keys": keys})
    return json.dumps(pages, ensure_ascii=False, indent=2) + "\n"


def render_promotions_json(items: Sequence[DemoItem]) -> str:
    by_name = {item.name: item for item in items}
    chips = [by_name[name].code for name, _, _ in CHIPS]
    time_sale = {
        by_name["コロッケ"].code: 60,
        by_name["鶏の唐揚げ 100g"].code: 158,
        by_name["ロースとんかつ"].code: 248,
        by_name["焼き餃子 6個"].code: 248,
    }
    promotions = [
        {
            "id": "P001",
            "kind": "category_percent_off",
            "name": "冷凍食品 2割引",
            "params": {"categories": ["06"], "percent": 20},
            "starts_at": None,
            "ends_at": None,
        },
        {
            "id": "P002",
            "kind": "mix_and_match",
            "name": "スナック よりどり2点で300円",
            "params": {"items": chips, "quantity": 2, "price": 300},
            "starts_at": None,
            "ends_at": None,
        },
        {
            "id": "P003",
            "kind": "time_window_price",
            "name": "夕方タイムセール",
            "params": {"prices": time_sale, "daily_from": "17:00", "daily_until": "20:00"},
            "starts_at": "2024-04-01T00:00:00+09:00",
            "ends_at": None,
        },
    ]
    return json.dumps(promotions, ensure_ascii=False, indent=2) + "\n"


def render_all() -> dict[str, str]:
    """Return the demo files by name, generated from the fixed seed."""
    items = build_items(random.Random(SEED))
    return {
        "categories.csv": render_categories_csv(),
        "items.csv": render_items_csv(items),
        "store.toml": render_store_toml(),
        "presets.json": render_presets_json(items),
        "promotions.json": render_promotions_json(items),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the OpenRegi demo store files.")
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="directory to write (default %(default)s)"
    )
    parser.add_argument(
        "--check", action="store_true", help="compare with the files in --output instead of writing"
    )
    args = parser.parse_args(argv)
    files = render_all()
    if args.check:
        stale = 0
        for name, text in files.items():
            path = args.output / name
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                stale += 1
                diff = difflib.unified_diff(
                    current.splitlines(), text.splitlines(), str(path), "generated", lineterm=""
                )
                sys.stdout.write("\n".join(list(diff)[:40]) + "\n")
        if stale:
            sys.stdout.write(f"{stale} demo file(s) differ from the generator; run tools/make_demo_data.py\n")
            return 1
        return 0
    args.output.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.output / name).write_text(text, encoding="utf-8", newline="\n")
    sys.stdout.write(f"wrote {len(files)} files to {args.output}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
