from django import forms

MAX_UPLOAD_MB = 50


class CensusUploadForm(forms.Form):
    upload = forms.FileField(
        label="Census return (XML)",
        help_text="The Children in Need census return your current system exported, as an XML "
        "file. Nothing is saved until you confirm the report of what it holds.",
        error_messages={"required": "Select the census return", "empty": "The file is empty"},
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file must be smaller than {MAX_UPLOAD_MB} MB")
        return upload
