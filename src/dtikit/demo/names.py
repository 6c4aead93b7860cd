"""Names shared by the demo and its sample generator."""

HUNGYEN = "hungyen/commune/2023"
BRVT = "baria_vungtau/commune/2024"
FILES = {
    "hungyen_assessments": "hungyen_commune_2023_sample.json",
    "hungyen_appraisals": "hungyen_commune_2023_appraisals.json",
    "brvt_assessments": "baria_vungtau_commune_2024_sample.json",
    "brvt_appraisals": "baria_vungtau_commune_2024_appraisals.json",
}
TABLE_FILE = "hungyen_tp_2023.tsv"
TABLE_SOURCE = "Quyết định 2947/QĐ-UBND ngày 02/11/2023 của UBND thành phố Hưng Yên"
SAMPLE_NOTE = "DỮ LIỆU MẪU (sample data) — không phải kết quả của đơn vị thật"
